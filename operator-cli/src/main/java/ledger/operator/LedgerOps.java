package ledger.operator;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import ledger.operator.audit.AuditCommand;
import ledger.operator.dlq.DlqCommand;
import ledger.operator.rebuild.RebuildCommand;
import ledger.operator.reconcile.ReconcileCommand;
import ledger.operator.replay.ReplayCommand;
import ledger.operator.status.StatusCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ledger-ops}: the operator's tool to inspect, verify and repair the system. Configured from the same
 * environment variables as the services. Exit codes: {@value #OK} all well, {@value #FAILED} differences found or the
 * operation failed, {@value #USAGE} bad usage or configuration (nothing was changed).
 */
@Command(name = "ledger-ops", mixinStandardHelpOptions = true, version = "ledger-ops 0.1.0",
        subcommands = {StatusCommand.class, DlqCommand.class, AuditCommand.class, ReplayCommand.class,
                ReconcileCommand.class, RebuildCommand.class, CommandLine.HelpCommand.class},
        description = {"Inspect, verify and repair the payment ledger.",
                "Configuration comes from the services' environment variables: KAFKA_BOOTSTRAP_SERVERS, SCHEMA_REGISTRY_URL, "
                        + "TOPIC_PREFIX, DATABASE_URL/USER/PASSWORD/SCHEMA, LEDGER_URL, LEDGER_APPLICATION_ID, LEDGER_STATE_DIR, "
                        + "REPORT_GROUP_ID, GATEWAY_SECRET_KEY, CLOUDPAYMENTS_API_URL.",
                "Every change has --dry-run; destructive ones ask for confirmation (or --yes)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all well", "1:differences found, or the operation failed", "2:bad usage or configuration; nothing changed"})
public final class LedgerOps implements Runnable {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private final Map<String, String> env;
    private final BufferedReader in;
    private final boolean interactive;
    private OpsConfig config;

    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces of failures.")
    boolean verbose;

    public LedgerOps(final Map<String, String> env, final BufferedReader in, final boolean interactive) {
        this.env = Map.copyOf(env);
        this.in = in;
        this.interactive = interactive;
    }

    /** The command line for {@code env}; confirmation answers come from {@code in}. */
    public static CommandLine commandLine(final Map<String, String> env, final BufferedReader in, final boolean interactive) {
        final LedgerOps ops = new LedgerOps(env, in, interactive);
        final CommandLine cmd = new CommandLine(ops);
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            final PrintWriter err = commandLine.getErr();
            if (e instanceof ConfigException) {
                err.println("ledger-ops: " + e.getMessage());
                err.flush();
                return USAGE;
            }
            if (e instanceof OpsException) {
                err.println("ledger-ops: " + e.getMessage());
            } else {
                err.println("ledger-ops: unexpected error: " + e);
            }
            if (ops.verbose || !(e instanceof OpsException)) {
                e.printStackTrace(err);
            }
            err.flush();
            return FAILED;
        });
        return cmd;
    }

    public static void main(final String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "ledger-ops-logback.xml");
        }
        System.exit(run(System.getenv(), args));
    }

    /**
     * Runs the tool on this process's terminal with {@code env} as its configuration and returns the exit code; for
     * embedding, e.g. {@code ./ledger ops ...} with the embedded stack's settings.
     */
    public static int run(final Map<String, String> env, final String... args) {
        final boolean interactive = System.console() != null;
        return commandLine(env, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), interactive).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The configuration, validated on first use; a {@link ConfigException} names the bad variable. */
    public synchronized OpsConfig config() {
        if (config == null) {
            config = OpsConfig.fromEnv(env);
        }
        return config;
    }

    public Terminal terminal() {
        return new Terminal(spec.commandLine().getOut(), spec.commandLine().getErr(), in, interactive);
    }
}
