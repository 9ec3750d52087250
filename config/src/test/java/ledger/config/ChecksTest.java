package ledger.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The checks every service applies to the variables they share: the same values pass and fail everywhere. */
class ChecksTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:9092", "kafka:9092", "k1:9092,k2:9093", "k1:9092, k2:9093", "[::1]:9092", "broker-1.internal.example:65535"})
    void bootstrapServersThatAreListsOfHostAndPortPass(final String value) {
        assertThatCode(() -> Checks.bootstrapServers(value)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "kafka", "kafka:", ":9092", "kafka:0", "kafka:65536", "kafka:9092,", "kafka:9092;k2:9092", "PLAINTEXT://kafka:9092"})
    void otherBootstrapServersAreRefusedNamingTheVariableAndTheValue(final String value) {
        assertThatThrownBy(() -> Checks.bootstrapServers(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS")
                .hasMessageContaining("'" + value + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8081", "https://registry.example.org/base", "mock://a-test"})
    void registryUrlsPass(final String value) {
        assertThatCode(() -> Checks.schemaRegistryUrl(value)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "127.0.0.1:8081", "ftp://x", "mock://", "http://", "http//x"})
    void otherRegistryUrlsAreRefused(final String value) {
        assertThatThrownBy(() -> Checks.schemaRegistryUrl(value)).hasMessageContaining("SCHEMA_REGISTRY_URL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"t 1", "a/b", "prefix*", "ünicode"})
    void topicPrefixesThatCannotBeTopicNamesAreRefused(final String value) {
        assertThatThrownBy(() -> Checks.topicPrefix(value)).hasMessageContaining("TOPIC_PREFIX");
        assertThatCode(() -> Checks.topicPrefix("")).doesNotThrowAnyException();
        assertThatCode(() -> Checks.topicPrefix("team-a.test_1-")).doesNotThrowAnyException();
        assertThatThrownBy(() -> Checks.topicPrefix("x".repeat(101))).hasMessageContaining("TOPIC_PREFIX");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 65_536, Integer.MIN_VALUE})
    void portsOutsideTheTcpRangeAreRefused(final int value) {
        assertThatThrownBy(() -> Checks.port("SOME_PORT", value)).hasMessageContaining("SOME_PORT").hasMessageContaining(Integer.toString(value));
        assertThatCode(() -> Checks.port("SOME_PORT", 0)).doesNotThrowAnyException();
        assertThatCode(() -> Checks.port("SOME_PORT", 65_535)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "", "host name", "0.0.0.0/0"})
    void listenHostsThatAreNotAddressesAreRefused(final String value) {
        assertThatThrownBy(() -> Checks.listenHost("SOME_LISTEN_HOST", value)).hasMessageContaining("SOME_LISTEN_HOST");
        assertThatCode(() -> Checks.listenHost("SOME_LISTEN_HOST", "::")).doesNotThrowAnyException();
        assertThatCode(() -> Checks.listenHost("SOME_LISTEN_HOST", "0.0.0.0")).doesNotThrowAnyException();
    }
}
