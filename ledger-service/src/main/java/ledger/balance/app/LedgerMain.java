package ledger.balance.app;

/** Runs one ledger instance configured from the environment until the process is stopped. */
public final class LedgerMain {

    private LedgerMain() {
    }

    public static void main(final String[] args) {
        final LedgerConfig config;
        try {
            config = LedgerConfig.fromEnv(System.getenv());
        } catch (final IllegalArgumentException e) {
            System.err.println("ledger-service: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        final LedgerService service = LedgerService.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "ledger-shutdown"));
    }
}
