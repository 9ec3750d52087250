package ledger.schemas.registry;

import static ledger.schemas.registry.TestSchemas.CREDIT_EMPTY;
import static ledger.schemas.registry.TestSchemas.CREDIT_INT_CUSTOMER;
import static ledger.schemas.registry.TestSchemas.CREDIT_REQUIRED_AMOUNT;
import static ledger.schemas.registry.TestSchemas.CREDIT_V1;
import static ledger.schemas.registry.TestSchemas.CREDIT_V2;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Each level's direction and reach, on schemas whose relations are known (see {@link TestSchemas}). */
class CompatibilityTest {

    @Test
    void backwardLetsNewReadersReadOldData() {
        assertThat(Compatibility.BACKWARD.problems(parse(CREDIT_V2), history(CREDIT_V1))).isEmpty();
        assertThat(Compatibility.BACKWARD.problems(parse(CREDIT_EMPTY), history(CREDIT_V1))).isEmpty();
        assertThat(Compatibility.BACKWARD.problems(parse(CREDIT_REQUIRED_AMOUNT), history(CREDIT_V1)))
                .singleElement().asString().contains("READER_FIELD_MISSING_DEFAULT_VALUE", "version 1", "BACKWARD");
    }

    @Test
    void forwardLetsOldReadersReadNewData() {
        assertThat(Compatibility.FORWARD.problems(parse(CREDIT_REQUIRED_AMOUNT), history(CREDIT_V1))).isEmpty();
        assertThat(Compatibility.FORWARD.problems(parse(CREDIT_EMPTY), history(CREDIT_V1)))
                .singleElement().asString().contains("readers on version 1");
    }

    @Test
    void fullNeedsBothDirections() {
        assertThat(Compatibility.FULL.problems(parse(CREDIT_V2), history(CREDIT_V1))).isEmpty();
        assertThat(Compatibility.FULL.problems(parse(CREDIT_REQUIRED_AMOUNT), history(CREDIT_V1))).isNotEmpty();
        assertThat(Compatibility.FULL.problems(parse(CREDIT_EMPTY), history(CREDIT_V1))).isNotEmpty();
    }

    @Test
    void plainLevelsCompareWithTheLatestVersionAndTransitiveOnesWithAll() {
        final List<RegisteredSchema> history = history(CREDIT_V1, CREDIT_EMPTY);

        assertThat(Compatibility.BACKWARD.problems(parse(CREDIT_INT_CUSTOMER), history)).isEmpty();
        assertThat(Compatibility.BACKWARD_TRANSITIVE.problems(parse(CREDIT_INT_CUSTOMER), history))
                .singleElement().asString().contains("version 1", "TYPE_MISMATCH");
        assertThat(Compatibility.FULL_TRANSITIVE.problems(parse(CREDIT_INT_CUSTOMER), history)).isNotEmpty();
        assertThat(Compatibility.FORWARD_TRANSITIVE.problems(parse(CREDIT_V2), history(CREDIT_V1, CREDIT_V2))).isEmpty();
    }

    @Test
    void noneAcceptsAnythingAndAFirstVersionIsAlwaysAccepted() {
        assertThat(Compatibility.NONE.problems(parse("\"string\""), history(CREDIT_V1))).isEmpty();
        assertThat(Compatibility.FULL_TRANSITIVE.problems(parse("\"string\""), List.of())).isEmpty();
    }

    @Test
    void versionsThatAreNotAvroAreNotCompared() {
        final RegisteredSchema protobuf = new RegisteredSchema("s", 1, 1, "PROTOBUF", "syntax = \"proto3\";", null, false);

        assertThat(Compatibility.FULL_TRANSITIVE.problems(parse(CREDIT_V1), List.of(protobuf))).isEmpty();
    }

    @Test
    void levelsParseCaseInsensitivelyAndNothingElse() {
        assertThat(Compatibility.parse("backward_transitive")).contains(Compatibility.BACKWARD_TRANSITIVE);
        assertThat(Compatibility.parse(" FULL ")).contains(Compatibility.FULL);
        assertThat(Compatibility.parse("SIDEWAYS")).isEmpty();
        assertThat(Compatibility.parse(null)).isEmpty();
        assertThat(Compatibility.DEFAULT).isEqualTo(Compatibility.BACKWARD);
    }

    private static List<RegisteredSchema> history(final String... schemas) {
        final List<RegisteredSchema> versions = new ArrayList<>();
        for (int i = 0; i < schemas.length; i++) {
            versions.add(RegisteredSchema.avro("credits-value", i + 1, i + 1, parse(schemas[i])));
        }
        return versions;
    }

    private static Schema parse(final String schema) {
        return new Schema.Parser().parse(schema);
    }
}
