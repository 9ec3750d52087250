package ledger.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line of the embedded system: {@code up} runs everything in this process, {@code simulate}
 * performs the demo top-up against a running {@code up}.
 */
@Command(name = "ledger", mixinStandardHelpOptions = true, subcommands = {LedgerCli.Up.class, LedgerCli.Run.class, LedgerCli.Simulate.class},
        description = "Event-driven payment ledger: CloudPayments top-ups to balances and shift reports.")
public final class LedgerCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line as {@code main} runs it: {@code --only kafka,registry} in any case. */
    static CommandLine commandLine() {
        return new CommandLine(new LedgerCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static Path dataDir(final String option) {
        if (option != null) {
            return Path.of(option);
        }
        final String env = System.getenv("LEDGER_DATA_DIR");
        return Path.of(env == null || env.isBlank() ? "data" : env);
    }

    @Command(name = "up", description = "Start Kafka, the schema registry, PostgreSQL and the three services on embedded defaults; Ctrl-C stops them.")
    static final class Up implements Callable<Integer> {

        @Option(names = "--data-dir", description = "Where all state lives (default: $LEDGER_DATA_DIR or ./data).")
        String dataDir;

        @Option(names = "--only", split = ",", paramLabel = "PART",
                description = "Start only these: kafka, registry, postgres, gateway, ledger, report (default: all). "
                        + "'--only kafka,registry,postgres' leaves each service to its own './ledger run SERVICE' process.")
        java.util.Set<EmbeddedStack.Component> only;

        @Override
        public Integer call() throws InterruptedException {
            final Path dir = dataDir(dataDir);
            final long started = System.nanoTime();
            final EmbeddedStack stack;
            try {
                stack = EmbeddedStack.start(dir, EmbeddedStack.Ports.defaults(), System.getenv(),
                        only == null ? EmbeddedStack.Component.ALL : only, message -> System.out.println("  waiting: " + message));
            } catch (final RuntimeException e) {
                System.err.println("Could not start: " + e.getMessage());
                System.err.println("(details in " + dir.resolve("ledger.log") + ")");
                return 1;
            }
            final CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("Stopping...");
                stack.close();
                stopped.countDown();
            }, "stack-shutdown"));
            final Map<String, String> env = stack.env();
            System.out.printf("%nPayment ledger is up in %.1f s (data in %s, logs in %s)%n%n",
                    (System.nanoTime() - started) / 1e9, dir.toAbsolutePath(), dir.resolve("ledger.log").toAbsolutePath());
            printIf("  Kafka            ", env.get("KAFKA_BOOTSTRAP_SERVERS"), "");
            printIf("  Schema registry  ", stack.registryUrl(), "");
            printIf("  PostgreSQL       ", env.get("DATABASE_URL"), " (user postgres)");
            printIf("  Gateway          ", stack.gatewayUrl(), "   POST /cloudpayments/{orgId}/{type}");
            printIf("  Ledger           ", stack.ledgerUrl(), "   GET /orgs/{orgId}/balances/{customerId}");
            printIf("  Reports          ", stack.reportUrl(), "   GET /orgs/{orgId}/shifts/{shiftId}/report");
            if (only != null && !only.containsAll(EmbeddedStack.Component.ALL)) {
                System.out.println("  Start the other services each in its own terminal: ./ledger run gateway|ledger|report");
            }
            System.out.println();
            System.out.println("  Operator token       " + env.get("ADMIN_TOKEN") + "   (ADMIN_TOKEN: everything, and organizations' API keys)");
            System.out.println("  Operator read token  " + env.get("FINANCE_TOKEN") + "   (FINANCE_TOKEN: reads everything)");
            System.out.println();
            System.out.println("Give each organization's staff and services their own API key (shown once; roles org-admin, finance, backend):");
            System.out.println("  curl -s -X POST " + stack.gatewayUrl() + "/orgs/demo-org/api-keys -H 'Authorization: Bearer " + env.get("ADMIN_TOKEN")
                    + "' -H 'Content-Type: application/json' -d '{\"role\":\"org-admin\",\"label\":\"club admin\"}'");
            System.out.println("  The org-admin signs in at " + stack.gatewayUrl() + "/admin/sign-in, finance at " + stack.reportUrl() + "/login.");
            System.out.println();
            System.out.println("Next: in another terminal, run the demo top-up:   ./ledger simulate");
            System.out.println("Stop with Ctrl-C; start again with ./ledger up and every balance and report is still there.");
            stopped.await();
            return 0;
        }
    }

    private static void printIf(final String label, final String value, final String suffix) {
        if (value != null) {
            System.out.println(label + value + suffix);
        }
    }

    @Command(name = "run", description = "Run one service in this process against a running './ledger up --only kafka,registry,postgres' "
            + "(found through the data directory); the environment overrides any setting, e.g. LEDGER_PORT and LEDGER_STATE_DIR for a second ledger.")
    static final class Run implements Callable<Integer> {

        enum Service { gateway, ledger, report }

        @CommandLine.Parameters(index = "0", description = "gateway, ledger or report")
        Service service;

        @Option(names = "--data-dir", description = "The data directory of the running stack (default: $LEDGER_DATA_DIR or ./data).")
        String dataDir;

        @Override
        public Integer call() throws InterruptedException {
            final Path dir = dataDir(dataDir).toAbsolutePath();
            final Map<String, String> env = ServiceProcess.environment(dir, System.getenv());
            if (!env.containsKey("KAFKA_BOOTSTRAP_SERVERS")) {
                System.err.println("No running stack found in " + dir + " (" + StackAddresses.FILE + " is missing): start one first with "
                        + "./ledger up --only kafka,registry,postgres, or set KAFKA_BOOTSTRAP_SERVERS and SCHEMA_REGISTRY_URL");
                return 2;
            }
            final ServiceProcess running;
            try {
                running = ServiceProcess.start(service.name(), env, message -> System.out.println("  waiting: " + message));
            } catch (final IllegalArgumentException e) {
                System.err.println(service + ": bad configuration: " + e.getMessage());
                return 2;
            } catch (final RuntimeException e) {
                System.err.println(service + " could not start: " + e.getMessage());
                return 1;
            }
            final CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                running.close();
                stopped.countDown();
            }, service + "-shutdown"));
            System.out.println(service + " is up: " + running.url() + " (stop with Ctrl-C)");
            stopped.await();
            return 0;
        }
    }

    @Command(name = "simulate", description = "Do the seed's test top-up against a running 'up': connect the demo organization, open a shift, "
            + "send a signed CloudPayments Pay, show the balance and the shift report.")
    static final class Simulate implements Callable<Integer> {

        @Option(names = "--data-dir", description = "The data directory of the running stack, for its admin token (default: $LEDGER_DATA_DIR or ./data).")
        String dataDir;

        @Option(names = "--gateway", defaultValue = "http://127.0.0.1:8080", description = "Gateway URL (default: ${DEFAULT-VALUE}).")
        String gateway;

        @Option(names = "--ledger", defaultValue = "http://127.0.0.1:8082", description = "Ledger URL (default: ${DEFAULT-VALUE}).")
        String ledger;

        @Option(names = "--report", defaultValue = "http://127.0.0.1:8083", description = "Report service URL (default: ${DEFAULT-VALUE}).")
        String report;

        @Option(names = "--amount", defaultValue = "100.00", description = "Top-up amount in RUB (default: ${DEFAULT-VALUE}).")
        String amount;

        @Option(names = "--deliveries", defaultValue = "1", description = "How many times CloudPayments delivers the same Pay (default: ${DEFAULT-VALUE}).")
        int deliveries;

        @Override
        public Integer call() throws IOException, InterruptedException {
            final Path secrets = dataDir(dataDir).resolve(StackSecrets.FILE);
            if (!Files.exists(secrets)) {
                System.err.println("No running stack found: " + secrets + " is missing. Start one first with ./ledger up");
                return 2;
            }
            final long amountMinor;
            try {
                amountMinor = new java.math.BigDecimal(amount).movePointRight(2).longValueExact();
            } catch (final NumberFormatException | ArithmeticException e) {
                System.err.println("--amount must be a RUB amount with at most two decimals, e.g. 100.00");
                return 2;
            }
            if (amountMinor <= 0 || deliveries < 1 || deliveries > 1000) {
                System.err.println("--amount must be positive and --deliveries 1..1000");
                return 2;
            }
            final Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(secrets)) {
                p.load(in);
            }
            final long transactionId = System.currentTimeMillis() / 10 % 10_000_000_000L;
            try {
                final DemoTopUp.Result result = new DemoTopUp(gateway, ledger, report, p.getProperty("ADMIN_TOKEN"), System.out)
                        .run(transactionId, amountMinor, deliveries);
                System.out.println("Done: transaction " + result.transactionId() + " credited once, as test money, and listed in shift " + result.shiftId() + ".");
                return 0;
            } catch (final java.net.ConnectException e) {
                System.err.println("Cannot reach the services (" + e.getMessage() + "). Is ./ledger up running?");
                return 1;
            } catch (final IllegalStateException e) {
                System.err.println("Demo failed: " + e.getMessage());
                return 1;
            }
        }
    }
}
