package ledger.gateway.app;

/** Runs the gateway configured from the environment until the process is stopped. */
public final class GatewayMain {

    private GatewayMain() {
    }

    public static void main(final String[] args) {
        final GatewayConfig config;
        try {
            config = GatewayConfig.fromEnv(System.getenv());
        } catch (final IllegalArgumentException e) {
            System.err.println("gateway-adapter: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        final GatewayService service = GatewayService.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "gateway-shutdown"));
    }
}
