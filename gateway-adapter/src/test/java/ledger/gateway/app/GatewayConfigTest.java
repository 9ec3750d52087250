package ledger.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import ledger.config.Replication;
import ledger.gateway.organizations.SecretCipher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The gateway's configuration: its defaults, every variable read, and a message naming the variable for every bad value. */
class GatewayConfigTest {

    private static final String KEY = SecretCipher.newKey();

    private static Map<String, String> required() {
        final Map<String, String> env = new HashMap<>();
        env.put("ADMIN_TOKEN", "admin-token-0123456789");
        env.put("GATEWAY_SECRET_KEY", KEY);
        return env;
    }

    @Test
    void onlyTheSecretsAreRequiredAndEverythingElseHasTheDocumentedDefault() {
        assertThat(GatewayConfig.fromEnv(required())).isEqualTo(new GatewayConfig("127.0.0.1:9092", "http://127.0.0.1:8081", "0.0.0.0", 8080,
                "http://127.0.0.1:8080", "admin-token-0123456789", null, KEY, "https://api.cloudpayments.ru", "", 10_000, Duration.ofHours(72),
                Duration.ofMinutes(1), Replication.SINGLE_BROKER));
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("GATEWAY_SECRET_KEY", KEY))).hasMessageContaining("ADMIN_TOKEN");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("ADMIN_TOKEN", "admin-token-0123456789"))).hasMessageContaining("GATEWAY_SECRET_KEY");
    }

    @Test
    void everyVariableIsReadAndBlankMeansDefault() {
        final Map<String, String> env = required();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
        env.put("SCHEMA_REGISTRY_URL", "mock://scope");
        env.put("GATEWAY_LISTEN_HOST", "127.0.0.1");
        env.put("GATEWAY_PORT", " 9090 ");
        env.put("GATEWAY_PUBLIC_URL", "https://pay.example.org");
        env.put("CLOUDPAYMENTS_API_URL", "http://127.0.0.1:9999");
        env.put("TOPIC_PREFIX", "t1-");
        env.put("GATEWAY_PUBLISH_TIMEOUT_MS", "5000");
        env.put("GATEWAY_SECRET_ROTATION_WINDOW", "P3DT12H");
        env.put("FINANCE_TOKEN", "finance-token-0123456789");
        env.put("GATEWAY_VERIFY_INTERVAL", "PT30S");
        env.put("TOPIC_REPLICATION_FACTOR", "3");
        env.put("TOPIC_MIN_INSYNC_REPLICAS", "2");
        assertThat(env.keySet()).isEqualTo(GatewayConfig.VARIABLES);
        final GatewayConfig config = GatewayConfig.fromEnv(env);
        assertThat(config).isEqualTo(new GatewayConfig("kafka:9092", "mock://scope", "127.0.0.1", 9090, "https://pay.example.org",
                "admin-token-0123456789", "finance-token-0123456789", KEY, "http://127.0.0.1:9999", "t1-", 5_000, Duration.ofHours(84),
                Duration.ofSeconds(30), new Replication((short) 3, 2)));
        assertThat(config.integrationsTopic()).isEqualTo("t1-org-integrations");
        assertThat(config.activityTopic()).isEqualTo("t1-org-activity");

        final Map<String, String> blank = required();
        blank.put("GATEWAY_PORT", "  ");
        blank.put("GATEWAY_LISTEN_HOST", "");
        assertThat(GatewayConfig.fromEnv(blank)).isEqualTo(GatewayConfig.fromEnv(required()));
    }

    @Test
    void theSecretRotationWindowIsAnIso8601DurationWithAClearMessageOtherwise() {
        final Map<String, String> env = required();
        env.put("GATEWAY_SECRET_ROTATION_WINDOW", "P30D");
        assertThat(GatewayConfig.fromEnv(env).secretRotationWindow()).isEqualTo(Duration.ofDays(30));
        env.put("GATEWAY_SECRET_ROTATION_WINDOW", "PT30M");
        assertThat(GatewayConfig.fromEnv(env).secretRotationWindow()).isEqualTo(Duration.ofMinutes(30));
        env.put("GATEWAY_SECRET_ROTATION_WINDOW", "72 hours");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(env))
                .hasMessage("GATEWAY_SECRET_ROTATION_WINDOW must be an ISO-8601 duration such as PT72H (72 hours) or P3D (3 days), got '72 hours'");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "SCHEMA_REGISTRY_URL        | ftp://x           | SCHEMA_REGISTRY_URL",
            "GATEWAY_LISTEN_HOST        | '*'               | GATEWAY_LISTEN_HOST",
            "GATEWAY_PORT               | 65536             | GATEWAY_PORT",
            "GATEWAY_PORT               | -1                | GATEWAY_PORT",
            "GATEWAY_PORT               | eighty            | GATEWAY_PORT",
            "GATEWAY_PUBLIC_URL         | pay.example.org   | GATEWAY_PUBLIC_URL",
            "ADMIN_TOKEN                | short             | ADMIN_TOKEN",
            "CLOUDPAYMENTS_API_URL      | 'not a url'       | CLOUDPAYMENTS_API_URL",
            "TOPIC_PREFIX               | 't 1'             | TOPIC_PREFIX",
            "GATEWAY_PUBLISH_TIMEOUT_MS | 999               | GATEWAY_PUBLISH_TIMEOUT_MS",
            "GATEWAY_PUBLISH_TIMEOUT_MS | 30000             | GATEWAY_PUBLISH_TIMEOUT_MS",
            "GATEWAY_PUBLISH_TIMEOUT_MS | 1.5               | GATEWAY_PUBLISH_TIMEOUT_MS",
            "GATEWAY_SECRET_ROTATION_WINDOW | 72h           | GATEWAY_SECRET_ROTATION_WINDOW",
            "GATEWAY_SECRET_ROTATION_WINDOW | 72            | GATEWAY_SECRET_ROTATION_WINDOW",
            "GATEWAY_SECRET_ROTATION_WINDOW | PT0S          | GATEWAY_SECRET_ROTATION_WINDOW",
            "GATEWAY_SECRET_ROTATION_WINDOW | PT-1H         | GATEWAY_SECRET_ROTATION_WINDOW",
            "GATEWAY_SECRET_ROTATION_WINDOW | P31D          | GATEWAY_SECRET_ROTATION_WINDOW",
    })
    void aBadValueIsRefusedWithTheVariableNamed(final String variable, final String value, final String named) {
        final Map<String, String> env = required();
        env.put(variable, value);
        assertThatThrownBy(() -> GatewayConfig.fromEnv(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(named);
    }
}
