package ledger.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Reading environment variables: blank is unset, values are trimmed, numbers are refused naming the variable. */
class EnvTest {

    @Test
    void blankMeansUnsetAndValuesAreTrimmed() {
        final Map<String, String> variables = new HashMap<>();
        variables.put("EMPTY", "");
        variables.put("SPACES", "   ");
        variables.put("PADDED", "  value ");
        final Env env = new Env(variables);
        assertThat(env.value("EMPTY")).isEmpty();
        assertThat(env.value("SPACES")).isEmpty();
        assertThat(env.value("MISSING")).isEmpty();
        assertThat(env.string("SPACES", "default")).isEqualTo("default");
        assertThat(env.string("PADDED", "default")).isEqualTo("value");
    }

    @Test
    void wholeNumbersAreReadAndAnythingElseIsRefusedNamingTheVariable() {
        final Env env = new Env(Map.of("PORT", " 8080 ", "BAD", "80.5", "WORD", "eighty"));
        assertThat(env.integer("PORT", 1)).isEqualTo(8080);
        assertThat(env.integer("MISSING", 7)).isEqualTo(7);
        assertThatThrownBy(() -> env.integer("BAD", 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BAD").hasMessageContaining("80.5");
        assertThatThrownBy(() -> env.integer("WORD", 1)).hasMessageContaining("WORD").hasMessageContaining("eighty");
    }

    @Test
    void theSharedVariablesHaveTheEmbeddedStacksDefaults() {
        final Env env = new Env(Map.of());
        assertThat(env.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(env.schemaRegistryUrl()).isEqualTo("http://127.0.0.1:8081");
        assertThat(env.topicPrefix()).isEmpty();
        final Env set = new Env(Map.of(Env.KAFKA_BOOTSTRAP_SERVERS, "kafka:9092", Env.SCHEMA_REGISTRY_URL, "mock://x", Env.TOPIC_PREFIX, " t1- "));
        assertThat(set.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(set.schemaRegistryUrl()).isEqualTo("mock://x");
        assertThat(set.topicPrefix()).isEqualTo("t1-");
    }
}
