package ledger.report.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import ledger.config.Replication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The configuration read from the environment: defaults, validation naming the variable, safety settings. */
class ReportConfigTest {

    private static final String ADMIN = "admin-token-0123456789";

    @Test
    void appliesDefaultsWhenOnlyTheAdminTokenIsSet() {
        final ReportConfig config = ReportConfig.fromEnv(Map.of("ADMIN_TOKEN", ADMIN));

        assertThat(config.kafkaBootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(config.schemaRegistryUrl()).isEqualTo("http://127.0.0.1:8081");
        assertThat(config.databaseUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/postgres");
        assertThat(config.databaseUser()).isEqualTo("postgres");
        assertThat(config.databasePassword()).isEqualTo("postgres");
        assertThat(config.databaseSchema()).isEqualTo("report");
        assertThat(config.port()).isEqualTo(8083);
        assertThat(config.financeToken()).isEmpty();
        assertThat(config.topicPrefix()).isEmpty();
        assertThat(config.groupId()).isEqualTo("report-service");
    }

    @Test
    void readsEveryVariable() {
        final ReportConfig config = ReportConfig.fromEnv(Map.ofEntries(
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9093"),
                Map.entry("SCHEMA_REGISTRY_URL", "https://registry.example:8081"),
                Map.entry("DATABASE_URL", "jdbc:postgresql://db:5433/ledger?sslmode=require"),
                Map.entry("DATABASE_USER", "reporter"),
                Map.entry("DATABASE_PASSWORD", "s3cret"),
                Map.entry("DATABASE_SCHEMA", "finance_report"),
                Map.entry("REPORT_PORT", "0"),
                Map.entry("ADMIN_TOKEN", ADMIN),
                Map.entry("FINANCE_TOKEN", "finance-token-0123456789"),
                Map.entry("TOPIC_PREFIX", "staging."),
                Map.entry("REPORT_GROUP_ID", "report-staging"),
                Map.entry("TOPIC_REPLICATION_FACTOR", "3"),
                Map.entry("TOPIC_MIN_INSYNC_REPLICAS", "2")));

        assertThat(config).isEqualTo(new ReportConfig("k1:9092,k2:9093", "https://registry.example:8081",
                "jdbc:postgresql://db:5433/ledger?sslmode=require", "reporter", "s3cret", "finance_report", 0, ADMIN,
                Optional.of("finance-token-0123456789"), "staging.", "report-staging",
                new Replication((short) 3, 2)));
    }

    @Test
    void acceptsPlatformStyleDatabaseUrlsWithCredentials() {
        final ReportConfig config = ReportConfig.fromEnv(Map.of("ADMIN_TOKEN", ADMIN,
                "DATABASE_URL", "postgres://rep%40orter:p%3Ass+w@db.internal/ledger?sslmode=require"));

        assertThat(config.databaseUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/ledger?sslmode=require");
        assertThat(config.databaseUser()).isEqualTo("rep@orter");
        assertThat(config.databasePassword()).isEqualTo("p:ss+w");

        final ReportConfig plain = ReportConfig.fromEnv(Map.of("ADMIN_TOKEN", ADMIN,
                "DATABASE_URL", "postgresql://db:6543/reports", "DATABASE_USER", "someone"));
        assertThat(plain.databaseUrl()).isEqualTo("jdbc:postgresql://db:6543/reports");
        assertThat(plain.databaseUser()).isEqualTo("someone");
        assertThat(plain.databasePassword()).isEqualTo("postgres");
    }

    @Test
    void refusesCredentialsThatDisagreeWithTheUrl() {
        assertThatThrownBy(() -> ReportConfig.fromEnv(Map.of("ADMIN_TOKEN", ADMIN,
                "DATABASE_URL", "postgres://alice:pw@db/ledger", "DATABASE_USER", "bob")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("DATABASE_USER");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "KAFKA_BOOTSTRAP_SERVERS | localhost",
            "KAFKA_BOOTSTRAP_SERVERS | host:99999",
            "KAFKA_BOOTSTRAP_SERVERS | a:1,,b:2",
            "SCHEMA_REGISTRY_URL     | localhost:8081",
            "SCHEMA_REGISTRY_URL     | ftp://registry",
            "DATABASE_URL            | mysql://db/ledger",
            "DATABASE_URL            | postgres://db",
            "DATABASE_URL            | postgres://db/a/b",
            "DATABASE_URL            | postgres:///ledger",
            "DATABASE_URL            | postgres://db/led ger",
            "DATABASE_SCHEMA         | Report",
            "DATABASE_SCHEMA         | report; DROP TABLE x",
            "REPORT_PORT             | eighty",
            "REPORT_PORT             | 70000",
            "REPORT_PORT             | -1",
            "ADMIN_TOKEN             | short",
            "ADMIN_TOKEN             | has whitespace inside it",
            "FINANCE_TOKEN           | short",
            "FINANCE_TOKEN           | admin-token-0123456789",
            "TOPIC_PREFIX            | bad prefix",
            "REPORT_GROUP_ID         | group with spaces"})
    void namesTheVariableThatIsWrong(final String variable, final String value) {
        final Map<String, String> env = new HashMap<>(Map.of("ADMIN_TOKEN", ADMIN));
        env.put(variable, value);

        assertThatThrownBy(() -> ReportConfig.fromEnv(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(variable + " ");
    }

    @Test
    void saysWhatIsWrongWithTheDatabaseUrlWithoutEchoingItsPassword() {
        assertThatThrownBy(() -> ReportConfig.DatabaseUrl.parse("postgres://u:hunter2@/ledger"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("DATABASE_URL has no host");
        assertThatThrownBy(() -> ReportConfig.DatabaseUrl.parse("postgres://u:hunter2@db/a/b"))
                .hasMessage("DATABASE_URL must name exactly one database, as in postgres://host:5432/dbname");
        assertThatThrownBy(() -> ReportConfig.DatabaseUrl.parse("postgres://u:hunter2@db/led ger"))
                .hasMessage("DATABASE_URL is not a valid URL");
        assertThat(ReportConfig.DatabaseUrl.parse("jdbc:postgresql://db:5433/ledger"))
                .isEqualTo(new ReportConfig.DatabaseUrl("jdbc:postgresql://db:5433/ledger", Optional.empty(), Optional.empty()));
    }

    @Test
    void requiresTheAdminTokenAndTreatsBlankAsUnset() {
        assertThatThrownBy(() -> ReportConfig.fromEnv(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ADMIN_TOKEN is required");
        assertThatThrownBy(() -> ReportConfig.fromEnv(Map.of("ADMIN_TOKEN", "  ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ADMIN_TOKEN is required");
        assertThat(ReportConfig.fromEnv(Map.of("ADMIN_TOKEN", ADMIN, "REPORT_PORT", "", "FINANCE_TOKEN", "")).port())
                .isEqualTo(8083);
    }

    @Test
    void writesTheSafetySettingsOutExplicitly() {
        final ReportConfig config = ReportConfig.fromEnv(Map.of("ADMIN_TOKEN", ADMIN, "REPORT_GROUP_ID", "g1"));

        final Properties consumer = config.consumerProperties();
        assertThat(consumer).containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", "false")
                .containsEntry("group.id", "g1")
                .containsEntry("bootstrap.servers", "127.0.0.1:9092");
        final Properties producer = config.producerProperties();
        assertThat(producer).containsEntry("acks", "all").containsEntry("enable.idempotence", "true");
        assertThat(config.serdeConfig()).containsExactly(Map.entry("schema.registry.url", "http://127.0.0.1:8081"));
    }

    @Test
    void neverPrintsSecrets() {
        final ReportConfig config = ReportConfig.fromEnv(Map.of("ADMIN_TOKEN", ADMIN,
                "FINANCE_TOKEN", "finance-token-0123456789", "DATABASE_PASSWORD", "hunter2-password"));

        assertThat(config.toString()).doesNotContain(ADMIN, "finance-token-0123456789", "hunter2-password")
                .contains("adminToken=***");
    }

    @Test
    void mainReportsABadConfigurationWithoutAStackTrace() {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();

        final Optional<ReportConfig> config = ReportMain.configure(Map.of("ADMIN_TOKEN", ADMIN, "REPORT_PORT", "x"),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(config).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("report-service: invalid configuration: REPORT_PORT must be a whole number, got 'x'"
                        + System.lineSeparator());
        assertThat(ReportMain.EXIT_BAD_CONFIG).isEqualTo(2);
    }
}
