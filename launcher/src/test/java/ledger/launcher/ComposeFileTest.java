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
 * the compose services that exist, and runs a main class that exists. The three-broker variant
 * (docker-compose.cluster.yml over docker-compose.yml, merged as compose merges them) is held to the same, and its
 * replication must be one the cluster can keep: every node in the one controller quorum, the services' and the
 * brokers' replication the same, never more copies than brokers.
 */
class ComposeFileTest {

    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([A-Z_]+)(?::([-?])([^}]*))?}");
    private static JsonNode services;
    private static JsonNode cluster;

    @BeforeAll
    static void read() throws IOException {
        final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        final JsonNode single = yaml.readTree(Files.readString(Path.of("..", "docker-compose.yml")));
        services = single.path("services");
        final JsonNode override = yaml.readTree(Files.readString(Path.of("..", "docker-compose.cluster.yml")));
        cluster = merge(single.deepCopy(), override).path("services");
    }

    /** Compose's merge of an override file: mappings merged key by key, anything else replaced. */
    private static JsonNode merge(final JsonNode base, final JsonNode override) {
        if (base instanceof com.fasterxml.jackson.databind.node.ObjectNode object && override.isObject()) {
            override.fields().forEachRemaining(f -> object.set(f.getKey(), object.has(f.getKey()) ? merge(object.get(f.getKey()), f.getValue()) : f.getValue()));
            return object;
        }
        return override;
    }

    @Test
    void theClusterVariantIsAValidConfigurationOfEveryServiceToo() {
        final JsonNode single = services;
        try {
            services = cluster;
            everyServiceEnvironmentIsAValidConfigurationOfThatService();
            servicesPointAtTheInfrastructureInTheComposeFile();
            publishedPortsAreTheOnesTheServicesListenOn();
        } finally {
            services = single;
        }
    }

    @Test
    void theClusterKeepsWhatTheServicesAskForAndTheSingleBrokerAsksForNoMore() {
        final java.util.List<String> brokers = new java.util.ArrayList<>();
        cluster.fieldNames().forEachRemaining(name -> {
            if (name.equals("kafka") || name.startsWith("kafka-")) {
                brokers.add(name);
            }
        });
        assertThat(brokers).hasSize(3);
        final Set<String> nodeIds = new java.util.TreeSet<>();
        for (final String broker : brokers) {
            final JsonNode env = cluster.path(broker).path("environment");
            nodeIds.add(env.path("KAFKA_NODE_ID").asText());
            assertThat(env.path("KAFKA_CONTROLLER_QUORUM_VOTERS").asText()).as(broker).isEqualTo("1@kafka:9093,2@kafka-2:9093,3@kafka-3:9093");
            assertThat(env.path("KAFKA_ADVERTISED_LISTENERS").asText()).as(broker).isEqualTo("PLAINTEXT://" + broker + ":9092");
            assertThat(env.path("KAFKA_DEFAULT_REPLICATION_FACTOR").asText()).as(broker).isEqualTo("3");
            assertThat(env.path("KAFKA_MIN_INSYNC_REPLICAS").asText()).as(broker).isEqualTo("2");
            assertThat(env.path("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR").asText()).as(broker).isEqualTo("3");
            assertThat(env.path("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR").asText()).as(broker).isEqualTo("3");
            assertThat(env.path("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR").asText()).as(broker).isEqualTo("2");
            assertThat(env.path("KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE").asText()).as(broker).isEqualTo("false");
            assertThat(cluster.path(broker).path("image").asText()).isEqualTo(services.path("kafka").path("image").asText());
        }
        assertThat(nodeIds).containsExactly("1", "2", "3");
        for (final String service : new String[] {"gateway", "ledger", "report"}) {
            final Map<String, String> inCluster = environment(cluster, service);
            assertThat(ledger.config.Replication.fromEnv(new ledger.config.Env(inCluster))).as(service)
                    .isEqualTo(new ledger.config.Replication((short) 3, 2));
            assertThat(inCluster.get("KAFKA_BOOTSTRAP_SERVERS").split(",")).as(service).hasSize(3);
            assertThat(ledger.config.Replication.fromEnv(new ledger.config.Env(environment(services, service)))).as(service + " on one broker")
                    .isEqualTo(ledger.config.Replication.SINGLE_BROKER);
        }
        assertThat(cluster.path("schema-registry").path("environment").path("SCHEMA_REGISTRY_KAFKASTORE_TOPIC_REPLICATION_FACTOR").asText()).isEqualTo("3");
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
            for (final String broker : env.get("KAFKA_BOOTSTRAP_SERVERS").split(",")) {
                assertThat(services.has(host("//" + broker))).as(service + " Kafka host " + broker).isTrue();
                assertThat(broker).endsWith(":9092");
            }
            assertThat(services.has(host(env.get("SCHEMA_REGISTRY_URL")))).as(service + " registry host").isTrue();
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
        return environment(services, service);
    }

    private static Map<String, String> environment(final JsonNode services, final String service) {
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
