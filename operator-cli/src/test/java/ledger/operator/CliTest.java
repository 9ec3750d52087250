package ledger.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The tool's edges: configuration and usage errors (exit 2, naming the culprit), confirmations, progress, status. */
class CliTest {

    private static TestSystem.Run run(final Map<String, String> env, final String... args) {
        return TestSystem.opsWith(env, "", args);
    }

    @Test
    void badConfigurationIsExit2NamingTheVariable() {
        assertThat(run(Map.of("KAFKA_BOOTSTRAP_SERVERS", "no-port"), "status"))
                .satisfies(r -> assertThat(r.exit()).isEqualTo(LedgerOps.USAGE))
                .satisfies(r -> assertThat(r.err()).contains("KAFKA_BOOTSTRAP_SERVERS must be a comma-separated list of host:port, got 'no-port'"));
        assertThat(run(Map.of("GATEWAY_SECRET_KEY", "c2hvcnQ="), "status").err()).contains("GATEWAY_SECRET_KEY");
        assertThat(run(Map.of("DATABASE_URL", "mysql://x/y"), "status"))
                .satisfies(r -> assertThat(r.exit()).isEqualTo(LedgerOps.USAGE))
                .satisfies(r -> assertThat(r.err()).contains("DATABASE_URL must start with"));
        // DATABASE_URL is read by the report service's parser; its complaints are usage errors here and never echo the password.
        assertThat(run(Map.of("DATABASE_URL", "postgres://ops:hunter2@/ledger"), "status"))
                .satisfies(r -> assertThat(r.exit()).isEqualTo(LedgerOps.USAGE))
                .satisfies(r -> assertThat(r.err()).contains("DATABASE_URL has no host").doesNotContain("hunter2"));
        assertThat(run(Map.of("DATABASE_URL", "postgres://ops:hunter2@db/a/b"), "status"))
                .satisfies(r -> assertThat(r.exit()).isEqualTo(LedgerOps.USAGE))
                .satisfies(r -> assertThat(r.err()).contains("DATABASE_URL must name exactly one database").doesNotContain("hunter2"));
        assertThat(run(Map.of("DATABASE_URL", "postgres://ops:hunter2@db/led ger"), "status"))
                .satisfies(r -> assertThat(r.exit()).isEqualTo(LedgerOps.USAGE))
                .satisfies(r -> assertThat(r.err()).contains("DATABASE_URL is not a valid URL").doesNotContain("hunter2"));
        // Credentials in the URL and in their own variables must agree, as the report service demands: no silent winner.
        assertThat(run(Map.of("DATABASE_URL", "postgres://ops:hunter2@db/ledger", "DATABASE_USER", "admin"), "status"))
                .satisfies(r -> assertThat(r.exit()).isEqualTo(LedgerOps.USAGE))
                .satisfies(r -> assertThat(r.err()).contains("DATABASE_USER conflicts with the credentials embedded in DATABASE_URL").doesNotContain("hunter2"));
        assertThat(run(Map.of("LEDGER_URL", "ftp://x"), "audit").err()).contains("LEDGER_URL must be an http(s):// URL");
        assertThat(run(Map.of("TOPIC_PREFIX", "a b"), "status").exit()).isEqualTo(LedgerOps.USAGE);
    }

    @Test
    void configurationReadsTheServicesVariables() {
        final OpsConfig config = OpsConfig.fromEnv(Map.of("DATABASE_URL", "postgres://ops:p%40ss@db.internal:6543/ledger", "TOPIC_PREFIX", "t.",
                "LEDGER_STATE_DIR", "/var/ledger", "GATEWAY_SECRET_KEY", ledger.gateway.organizations.SecretCipher.newKey()));
        assertThat(config.databaseUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/ledger");
        assertThat(config.databaseUser()).isEqualTo("ops");
        assertThat(config.databasePassword()).isEqualTo("p@ss");
        assertThat(config.topics().payments().name()).isEqualTo("t.payments");
        assertThat(config.integrationsTopic()).isEqualTo("t.org-integrations");
        assertThat(config.activityTopic()).isEqualTo("t.org-activity");
        assertThat(config.ledgerUrl()).isEqualTo("http://127.0.0.1:8082");
        assertThat(config.ledgerApplicationId()).isEqualTo("ledger-service");
        assertThat(config.ledgerStateDir()).contains(Path.of("/var/ledger"));
        assertThat(config.toString()).doesNotContain("p@ss").contains("password ***", "gatewaySecretKey=***");
        assertThat(OpsConfig.VARIABLES).contains("KAFKA_BOOTSTRAP_SERVERS", "DATABASE_SCHEMA", "GATEWAY_SECRET_KEY", "CLOUDPAYMENTS_API_URL");
    }

    @Test
    void badUsageIsExit2() {
        assertThat(run(Map.of(), "replay", "redeliver").exit()).isEqualTo(LedgerOps.USAGE);
        assertThat(run(Map.of(), "replay", "redeliver", "--from", "yesterday").err()).contains("is not a time");
        assertThat(run(Map.of(), "no-such-command").exit()).isEqualTo(LedgerOps.USAGE);
        assertThat(run(Map.of(), "reconcile", "--org", "o", "--from", "2026-11-22", "--to", "2026-11-21").err()).contains("--from must be before --to");
        final TestSystem.Run help = run(Map.of(), "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("status", "dlq", "audit", "replay", "reconcile", "rebuild", "Exit codes:");
        // A group alone shows its subcommands.
        assertThat(run(Map.of(), "dlq").out()).contains("list", "show", "redrive");
        assertThat(run(Map.of(), "replay").out()).contains("redeliver", "reset");
        assertThat(run(Map.of(), "rebuild").out()).contains("ledger", "reports");
    }

    @Test
    void everyChangeHasADryRunInItsOwnWordsAndAYes() {
        final Map<String, String> dryRuns = Map.of(
                "rebuild ledger", "Show what would be deleted; delete nothing.",
                "rebuild reports", "Say what would be done; do nothing.",
                "replay redeliver", "Count what would be re-delivered; send nothing.",
                "replay reset", "Show the moves; change nothing.");
        dryRuns.forEach((command, description) -> {
            final TestSystem.Run help = run(Map.of(), (command + " --help").split(" "));
            assertThat(help.exit()).as(command).isZero();
            assertThat(help.out()).as(command).containsPattern("--dry-run +" + Pattern.quote(description))
                    .containsPattern("-y, --yes +Do not ask for confirmation\\.");
        });
    }

    @Test
    void aDestructiveChangeAsksAndOnlyTheExactAnswerGoesOn() {
        final StringWriter err = new StringWriter();
        final Terminal yes = new Terminal(new PrintWriter(new StringWriter()), new PrintWriter(err), new BufferedReader(new StringReader("reset\n")), true);
        yes.confirm("move offsets", "reset", false);
        assertThat(err.toString()).contains("About to move offsets.", "Type 'reset' to go on");

        final Terminal no = new Terminal(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), new BufferedReader(new StringReader("y\n")), true);
        assertThatThrownBy(() -> no.confirm("move offsets", "reset", false)).isInstanceOf(OpsException.class).hasMessageContaining("not confirmed");

        final Terminal script = new Terminal(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), new BufferedReader(new StringReader("")), false);
        assertThatThrownBy(() -> script.confirm("move offsets", "reset", false)).isInstanceOf(ConfigException.class).hasMessageContaining("pass --yes");
        script.confirm("move offsets", "reset", true);
    }

    @Test
    void progressRedrawsAtATerminalAndPrintsLinesOtherwise() {
        final StringWriter tty = new StringWriter();
        try (Progress p = new Progress(new PrintWriter(tty), "reading", 200, true)) {
            p.advance(200);
        }
        assertThat(tty.toString()).startsWith("\rreading [").contains("200/200 (100%)").endsWith("s)" + System.lineSeparator());

        final StringWriter log = new StringWriter();
        try (Progress p = new Progress(new PrintWriter(log), "reading", 200, false)) {
            p.advance(50);
        }
        assertThat(log.toString()).doesNotContain("\r").contains("reading: started, 200 to do", "reading: done, 50/200 (25%)");
    }

    @Test
    void timesAndDurationsAreReadAsOperatorsWriteThem() {
        assertThat(new Instants().convert("2026-11-20T13:00:00+03:00")).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
        assertThat(new Instants().convert("2026-11-20T10:00")).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
        assertThat(new Instants().convert("2026-11-20")).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
        assertThat(new Durations().convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(new Durations().convert("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(new Durations().convert("0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void statusShowsTopicsLagAndDeadLetters() {
        final TestSystem system = TestSystem.shared();
        system.awaitProcessed();
        final TestSystem.Run status = system.ops("status", "--offsets");
        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.out()).contains("Topics (TOPIC_PREFIX 'ops.')", "ops.payments", "ops.balance-events", "ops.dead-letters",
                        "ops-ledger-by-payment-repartition", "end offsets: 0:")
                .containsPattern("ledger +ops-ledger +Stable +1 +0 ")
                .containsPattern("report +ops-report +Stable +1 +0 .*offsets: database ops")
                .contains("Dead letters: ");
        final Map<String, String> env = new HashMap<>(system.env());
        env.put("DATABASE_SCHEMA", "no_such_schema");
        assertThat(TestSystem.opsWith(env, "", "status").out()).contains("offsets: kafka (monitoring copy)", "no report tables");
        assertThat(Optional.of(status.err())).hasValueSatisfying(e -> assertThat(e).contains("reading status: done"));
    }
}
