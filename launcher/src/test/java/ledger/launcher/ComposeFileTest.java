package ledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import ledger.balance.app.LedgerConfig;
import ledger.gateway.app.GatewayConfig;
import ledger.gateway.organizations.SecretCipher;
import ledger.report.app.ReportConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * There is no Docker engine here, so docker-compose.yml is kept correct by construction: every service's
 * environment names only variables its configuration reads, is accepted by that configuration, points at
 * the compose services that exist, and runs a main class that exists.
 */
class ComposeFileTest {

    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([A-Z_]+)(?::([-?])([^}]*))?}");
    private static JsonNode services;

    @BeforeAll
    static void read() throws IOException {
        final Path compose = Path.of("..", "docker-compose.yml");
        services = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(compose)).path("services");
    }

    @Test
    void everyServiceEnvironmentIsAValidConfigurationOfThatService() {
        check("gateway", GatewayConfig.VARIABLES, GatewayConfig::fromEnv);
        check("ledger", LedgerConfig.VARIABLES, LedgerConfig::fromEnv);
        check("report", ReportConfig.VARIABLES, ReportConfig::fromEnv);
    }

    @Test
    void servicesPointAtTheInfrastructureInTheComposeFile() {
        for (final String service : new String[] {"gateway", "ledger", "report"}) {
            final Map<String, String> env = environment(service);
            assertThat(services.has(host("//" + env.get("KAFKA_BOOTSTRAP_SERVERS")))).as(service + " Kafka host").isTrue();
            assertThat(services.has(host(env.get("SCHEMA_REGISTRY_URL")))).as(service + " registry host").isTrue();
            assertThat(env.get("KAFKA_BOOTSTRAP_SERVERS")).endsWith(":9092");
        }
        final Map<String, String> report = environment("report");
        final URI db = URI.create(report.get("DATABASE_URL").substring("jdbc:".length()));
        assertThat(services.has(db.getHost())).isTrue();
        final JsonNode postgres = services.path("postgres").path("environment");
        assertThat(db.getPath()).isEqualTo("/" + postgres.path("POSTGRES_DB").asText());
        assertThat(report.get("DATABASE_USER")).isEqualTo(postgres.path("POSTGRES_USER").asText());
        assertThat(report.get("DATABASE_PASSWORD")).isEqualTo(postgres.path("POSTGRES_PASSWORD").asText());
        assertThat(services.path("kafka").path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText()).isEqualTo("PLAINTEXT://kafka:9092");
    }

    @Test
    void publishedPortsAreTheOnesTheServicesListenOn() {
        assertThat(services.path("gateway").path("ports").get(0).asText()).endsWith(":" + environment("gateway").get("GATEWAY_PORT"));
        assertThat(services.path("ledger").path("ports").get(0).asText()).endsWith(":" + environment("ledger").get("LEDGER_PORT"));
        assertThat(services.path("report").path("ports").get(0).asText()).endsWith(":" + environment("report").get("REPORT_PORT"));
    }

    @Test
    void everyServiceRunsAMainClassThatExists() throws ClassNotFoundException {
        for (final String service : new String[] {"gateway", "ledger", "report"}) {
            final String mainClass = services.path(service).path("command").get(0).asText();
            final Method main = assertMain(Class.forName(mainClass));
            assertThat(Modifier.isStatic(main.getModifiers())).isTrue();
        }
    }

    private static Method assertMain(final Class<?> type) {
        try {
            return type.getMethod("main", String[].class);
        } catch (final NoSuchMethodException e) {
            throw new AssertionError(type + " has no main(String[])");
        }
    }

    private static void check(final String service, final Set<String> known, final Function<Map<String, String>, ?> fromEnv) {
        final Map<String, String> env = environment(service);
        assertThat(known).as(service + " reads every variable compose sets").containsAll(env.keySet());
        assertThatCode(() -> fromEnv.apply(env)).as(service + " accepts its compose environment").doesNotThrowAnyException();
    }

    /** The service's environment with ${VAR:-default} resolved to the default and ${VAR:?msg} to a valid example. */
    private static Map<String, String> environment(final String service) {
        final Map<String, String> examples = Map.of(
                "ADMIN_TOKEN", "compose-admin-token-0123456789",
                "FINANCE_TOKEN", "compose-finance-token-0123456789",
                "GATEWAY_SECRET_KEY", SecretCipher.newKey());
        final Map<String, String> env = new HashMap<>();
        final Iterator<Map.Entry<String, JsonNode>> fields = services.path(service).path("environment").fields();
        while (fields.hasNext()) {
            final Map.Entry<String, JsonNode> field = fields.next();
            final Matcher m = SUBSTITUTION.matcher(field.getValue().asText());
            final StringBuilder value = new StringBuilder();
            while (m.find()) {
                final String replacement = "-".equals(m.group(2)) ? m.group(3) : examples.getOrDefault(m.group(1), "");
                m.appendReplacement(value, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(value);
            env.put(field.getKey(), value.toString());
        }
        return env;
    }

    private static String host(final String url) {
        return URI.create(url).getHost();
    }
}
