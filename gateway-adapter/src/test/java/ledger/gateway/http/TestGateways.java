package ledger.gateway.http;

import java.util.HashMap;
import java.util.Map;

import ledger.gateway.organizations.SecretCipher;

/** The environment of a gateway under test: loopback only, any free port, a fresh secret key, a fake CloudPayments. */
final class TestGateways {

    private TestGateways() {
    }

    /**
     * @param registryScope the {@code mock://} Schema Registry scope (drop it after the test)
     * @param topicPrefix isolates the test's topics on the shared broker
     * @return a mutable map, for a test to add or override variables
     */
    static Map<String, String> env(final String bootstrapServers, final String registryScope, final String topicPrefix,
                                   final String adminToken, final FakeCloudPaymentsApi cloudPayments) {
        final Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("SCHEMA_REGISTRY_URL", "mock://" + registryScope);
        env.put("GATEWAY_LISTEN_HOST", "127.0.0.1");
        env.put("GATEWAY_PORT", "0");
        env.put("ADMIN_TOKEN", adminToken);
        env.put("GATEWAY_SECRET_KEY", SecretCipher.newKey());
        env.put("CLOUDPAYMENTS_API_URL", cloudPayments.url());
        env.put("TOPIC_PREFIX", topicPrefix);
        return env;
    }
}
