package ledger.schemas.registry;

import static ledger.schemas.registry.RegistryHttp.schemaBody;
import static ledger.schemas.registry.TestSchemas.CREDIT_EMPTY;
import static ledger.schemas.registry.TestSchemas.CREDIT_INT_CUSTOMER;
import static ledger.schemas.registry.TestSchemas.CREDIT_REQUIRED_AMOUNT;
import static ledger.schemas.registry.TestSchemas.CREDIT_V1;
import static ledger.schemas.registry.TestSchemas.CREDIT_V1_REFORMATTED;
import static ledger.schemas.registry.TestSchemas.CREDIT_V2;
import static ledger.schemas.registry.TestSchemas.SHIFT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.embedded.SharedInfrastructure;
import ledger.schemas.registry.RegistryHttp.Reply;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of the Confluent REST API the registry serves, over real HTTP and a real broker, with the
 * status codes and error codes Confluent's clients branch on. Each test uses its own subjects.
 */
class SchemaRegistryServerTest {

    private static SchemaRegistryServer server;
    private static RegistryHttp http;

    @BeforeAll
    static void startRegistry() {
        server = SchemaRegistryServer.start(SharedInfrastructure.kafka().bootstrapServers(),
                "_schemas-" + SchemaRegistryServerTest.class.getSimpleName(), 0);
        http = new RegistryHttp(server.url());
    }

    @AfterAll
    static void stopRegistry() {
        server.close();
    }

    @Test
    void rootAnswersAnEmptyObjectInTheRegistryContentType() {
        final Reply reply = http.get("/");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith(RegistryHttp.CONTENT_TYPE);
        assertThat(reply.json().isObject()).isTrue();
        assertThat(reply.json().size()).isZero();
        assertThat(http.get("/schemas/types").json().toString()).isEqualTo("[\"AVRO\"]");
    }

    @Test
    void registeringIsIdempotentAndIgnoresFormatting() {
        final int id = http.register("idem-value", CREDIT_V1);

        assertThat(http.register("idem-value", CREDIT_V1)).isEqualTo(id);
        assertThat(http.register("idem-value", CREDIT_V1_REFORMATTED)).isEqualTo(id);
        assertThat(http.get("/subjects/idem-value/versions").json().toString()).isEqualTo("[1]");
    }

    @Test
    void theSameSchemaUnderAnotherSubjectGetsTheSameGlobalId() {
        final int id = http.register("same-a-value", SHIFT);

        assertThat(http.register("same-b-value", SHIFT)).isEqualTo(id);
        assertThat(http.get("/schemas/ids/" + id + "/versions").json().toString())
                .isEqualTo("[{\"subject\":\"same-a-value\",\"version\":1},{\"subject\":\"same-b-value\",\"version\":1}]");
        assertThat(http.get("/schemas/ids/" + id + "/subjects").json().toString())
                .isEqualTo("[\"same-a-value\",\"same-b-value\"]");
        assertThat(texts(http.get("/subjects").json())).contains("same-a-value", "same-b-value");
    }

    @Test
    void eachNewSchemaIsANewVersionWithANewId() {
        final int first = http.register("versions-value", CREDIT_V1);
        final int second = http.register("versions-value", CREDIT_V2);

        assertThat(second).isGreaterThan(first);
        assertThat(http.get("/subjects/versions-value/versions").json().toString()).isEqualTo("[1,2]");
        final JsonNode v1 = http.get("/subjects/versions-value/versions/1").json();
        assertThat(v1.path("subject").asText()).isEqualTo("versions-value");
        assertThat(v1.path("version").asInt()).isEqualTo(1);
        assertThat(v1.path("id").asInt()).isEqualTo(first);
        assertThat(parse(v1.path("schema").asText())).isEqualTo(parse(CREDIT_V1));
        assertThat(v1.has("schemaType")).as("Confluent omits schemaType for Avro").isFalse();
        assertThat(http.get("/subjects/versions-value/versions/latest").json().path("id").asInt()).isEqualTo(second);
        assertThat(http.get("/subjects/versions-value/versions/-1").json().path("version").asInt()).isEqualTo(2);
        final Reply raw = http.get("/subjects/versions-value/versions/2/schema");
        assertThat(raw.status()).isEqualTo(200);
        assertThat(parse(raw.body())).isEqualTo(parse(CREDIT_V2));
        assertThat(parse(http.get("/schemas/ids/" + second).json().path("schema").asText())).isEqualTo(parse(CREDIT_V2));
        assertThat(parse(http.get("/schemas/ids/" + second + "/schema").body())).isEqualTo(parse(CREDIT_V2));
        assertThat(http.get("/subjects/versions-value/versions/1/referencedby").json().toString()).isEqualTo("[]");
    }

    @Test
    void lookupFindsTheVersionOfASchemaOrSaysWhatIsMissing() {
        final int id = http.register("lookup-value", CREDIT_V1);

        final Reply found = http.post("/subjects/lookup-value", schemaBody(CREDIT_V1_REFORMATTED));
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().path("subject").asText()).isEqualTo("lookup-value");
        assertThat(found.json().path("id").asInt()).isEqualTo(id);
        assertThat(found.json().path("version").asInt()).isEqualTo(1);
        assertThat(parse(found.json().path("schema").asText())).isEqualTo(parse(CREDIT_V1));

        assertError(http.post("/subjects/lookup-missing-value", schemaBody(CREDIT_V1)), 404, 40401);
        assertError(http.post("/subjects/lookup-value", schemaBody(CREDIT_V2)), 404, 40403);
    }

    @Test
    void readsOfWhatDoesNotExistAnswerConfluentsErrorCodes() {
        http.register("missing-value", CREDIT_V1);

        assertError(http.get("/subjects/no-such-subject/versions"), 404, 40401);
        assertError(http.get("/subjects/no-such-subject/versions/latest"), 404, 40401);
        assertError(http.get("/subjects/missing-value/versions/99"), 404, 40402);
        assertError(http.get("/subjects/missing-value/versions/abc"), 422, 42202);
        assertError(http.get("/subjects/missing-value/versions/0"), 422, 42202);
        assertError(http.get("/schemas/ids/987654"), 404, 40403);
        assertError(http.get("/schemas/ids/987654/versions"), 404, 40403);
    }

    @Test
    void subjectNamesAreUrlDecoded() {
        final int id = http.register("ledger.events.PaymentEvent%20v%3A1", CREDIT_V1);

        assertThat(texts(http.get("/subjects").json())).contains("ledger.events.PaymentEvent v:1");
        assertThat(http.get("/subjects/ledger.events.PaymentEvent%20v%3A1/versions/1").json().path("id").asInt()).isEqualTo(id);
    }

    @Test
    void anIncompatibleSchemaIsRefusedUnderBackwardAndAcceptedUnderNone() {
        http.register("compat-value", CREDIT_V1);

        final Reply refused = http.post("/subjects/compat-value/versions", schemaBody(CREDIT_REQUIRED_AMOUNT));
        assertError(refused, 409, 409);
        assertThat(refused.json().path("message").asText())
                .contains("incompatible", "compat-value", "READER_FIELD_MISSING_DEFAULT_VALUE", "amountMinor");
        assertThat(http.get("/subjects/compat-value/versions").json().toString()).isEqualTo("[1]");

        assertThat(http.post("/compatibility/subjects/compat-value/versions/latest", schemaBody(CREDIT_REQUIRED_AMOUNT))
                .json().toString()).isEqualTo("{\"is_compatible\":false}");
        assertThat(http.post("/compatibility/subjects/compat-value/versions/1?verbose=true", schemaBody(CREDIT_REQUIRED_AMOUNT))
                .json().path("messages").get(0).asText()).contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(http.post("/compatibility/subjects/compat-value/versions/latest", schemaBody(CREDIT_V2))
                .json().toString()).isEqualTo("{\"is_compatible\":true}");
        assertThat(http.post("/compatibility/subjects/compat-value/versions", schemaBody(CREDIT_V2))
                .json().path("is_compatible").asBoolean()).isTrue();
        assertThat(http.post("/compatibility/subjects/compat-fresh-value/versions/latest", schemaBody(CREDIT_V1))
                .json().path("is_compatible").asBoolean()).as("nothing to be incompatible with").isTrue();
        assertError(http.post("/compatibility/subjects/compat-value/versions/7", schemaBody(CREDIT_V2)), 404, 40402);
        assertError(http.post("/compatibility/subjects/compat-fresh-value/versions/1", schemaBody(CREDIT_V2)), 404, 40401);

        assertThat(http.put("/config/compat-value", "{\"compatibility\":\"NONE\"}").json().toString())
                .isEqualTo("{\"compatibility\":\"NONE\"}");
        http.register("compat-value", CREDIT_REQUIRED_AMOUNT);
        assertThat(http.get("/subjects/compat-value/versions").json().toString()).isEqualTo("[1,2]");
    }

    @Test
    void transitiveLevelsCompareWithEveryVersionNotOnlyTheLatest() {
        for (final String subject : List.of("plain-value", "transitive-value")) {
            http.register(subject, CREDIT_V1);
            http.register(subject, CREDIT_EMPTY);
        }
        http.put("/config/transitive-value", "{\"compatibility\":\"BACKWARD_TRANSITIVE\"}");

        http.register("plain-value", CREDIT_INT_CUSTOMER);
        assertError(http.post("/subjects/transitive-value/versions", schemaBody(CREDIT_INT_CUSTOMER)), 409, 409);
    }

    @Test
    void subjectLevelConfigIsReadWrittenAndRemoved() {
        assertError(http.get("/config/config-value"), 404, 40408);
        assertThat(http.get("/config/config-value?defaultToGlobal=true").json().toString())
                .isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");

        assertThat(http.put("/config/config-value", "{\"compatibility\":\"full_transitive\"}").json().toString())
                .isEqualTo("{\"compatibility\":\"FULL_TRANSITIVE\"}");
        assertThat(http.get("/config/config-value").json().toString())
                .isEqualTo("{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}");
        assertError(http.put("/config/config-value", "{\"compatibility\":\"SIDEWAYS\"}"), 422, 42203);
        assertError(http.put("/config/config-value", "{}"), 422, 42203);

        assertThat(http.delete("/config/config-value").json().toString())
                .isEqualTo("{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}");
        assertError(http.get("/config/config-value"), 404, 40408);
        assertError(http.delete("/config/config-value"), 404, 40408);
    }

    @Test
    void globalConfigDefaultsToBackwardAndCanBeChanged() {
        assertThat(http.get("/config").json().toString()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
        try {
            assertThat(http.put("/config", "{\"compatibility\":\"FORWARD\"}").json().toString())
                    .isEqualTo("{\"compatibility\":\"FORWARD\"}");
            assertThat(http.get("/config").json().toString()).isEqualTo("{\"compatibilityLevel\":\"FORWARD\"}");
            assertThat(http.get("/config/global-fallback-value?defaultToGlobal=true").json().path("compatibilityLevel").asText())
                    .isEqualTo("FORWARD");
            assertError(http.put("/config", "{\"compatibility\":\"MAYBE\"}"), 422, 42203);
        } finally {
            assertThat(http.delete("/config").json().toString()).isEqualTo("{\"compatibilityLevel\":\"FORWARD\"}");
        }
        assertThat(http.get("/config").json().toString()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
    }

    @Test
    void aVersionIsSoftDeletedThenPermanentlyDeleted() {
        final int firstId = http.register("delete-version-value", CREDIT_V1);
        http.register("delete-version-value", CREDIT_V2);

        assertThat(http.delete("/subjects/delete-version-value/versions/1").json().asInt()).isEqualTo(1);
        assertThat(http.get("/subjects/delete-version-value/versions").json().toString()).isEqualTo("[2]");
        assertThat(http.get("/subjects/delete-version-value/versions?deleted=true").json().toString()).isEqualTo("[1,2]");
        assertError(http.get("/subjects/delete-version-value/versions/1"), 404, 40402);
        assertThat(http.get("/subjects/delete-version-value/versions/1?deleted=true").json().path("id").asInt()).isEqualTo(firstId);
        assertThat(http.get("/schemas/ids/" + firstId).status()).as("old records stay readable").isEqualTo(200);
        assertError(http.post("/subjects/delete-version-value", schemaBody(CREDIT_V1)), 404, 40403);
        assertThat(http.post("/subjects/delete-version-value?deleted=true", schemaBody(CREDIT_V1)).json().path("version").asInt())
                .isEqualTo(1);

        assertError(http.delete("/subjects/delete-version-value/versions/1"), 404, 40406);
        assertError(http.delete("/subjects/delete-version-value/versions/2?permanent=true"), 404, 40407);
        assertError(http.delete("/subjects/delete-version-value/versions/9"), 404, 40402);
        assertError(http.delete("/subjects/delete-version-value/versions/x"), 422, 42202);

        assertThat(http.delete("/subjects/delete-version-value/versions/1?permanent=true").json().asInt()).isEqualTo(1);
        assertThat(http.get("/subjects/delete-version-value/versions?deleted=true").json().toString()).isEqualTo("[2]");
        assertError(http.get("/subjects/delete-version-value/versions/1?deleted=true"), 404, 40402);
        assertThat(http.delete("/subjects/delete-version-value/versions/latest").json().asInt()).isEqualTo(2);
        assertError(http.delete("/subjects/no-such-subject/versions/1"), 404, 40401);
    }

    @Test
    void aSubjectIsSoftDeletedThenPermanentlyDeletedWithItsConfig() {
        final String doomed = "{\"type\":\"record\",\"name\":\"Doomed\",\"namespace\":\"ledger.test\",\"fields\":[]}";
        http.put("/config/delete-subject-value", "{\"compatibility\":\"NONE\"}");
        http.register("delete-subject-value", CREDIT_V1);
        final int id = http.register("delete-subject-value", doomed);

        assertError(http.delete("/subjects/delete-subject-value?permanent=true"), 404, 40405);
        assertThat(http.delete("/subjects/delete-subject-value").json().toString()).isEqualTo("[1,2]");
        assertThat(texts(http.get("/subjects").json())).doesNotContain("delete-subject-value");
        assertThat(texts(http.get("/subjects?deleted=true").json())).contains("delete-subject-value");
        assertError(http.get("/subjects/delete-subject-value/versions"), 404, 40401);
        assertThat(http.get("/schemas/ids/" + id).status()).as("old records stay readable").isEqualTo(200);
        assertError(http.delete("/subjects/delete-subject-value"), 404, 40404);

        assertThat(http.delete("/subjects/delete-subject-value?permanent=true").json().toString()).isEqualTo("[1,2]");
        assertThat(texts(http.get("/subjects?deleted=true").json())).doesNotContain("delete-subject-value");
        assertError(http.delete("/subjects/delete-subject-value"), 404, 40401);
        assertError(http.get("/config/delete-subject-value"), 404, 40408);
        assertError(http.get("/schemas/ids/" + id), 404, 40403);
        assertThat(http.register("reborn-value", doomed)).as("a hard-deleted id is not reused").isGreaterThan(id);
    }

    @Test
    void aSchemaRegisteredAgainAfterASoftDeleteKeepsItsIdAndGetsTheNextVersion() {
        final int id = http.register("reregister-value", CREDIT_V1);
        http.delete("/subjects/reregister-value");

        assertThat(http.register("reregister-value", CREDIT_V1)).isEqualTo(id);
        assertThat(http.get("/subjects/reregister-value/versions").json().toString()).isEqualTo("[2]");
    }

    @Test
    void invalidSchemasAndBodiesAreRefusedWithJsonErrors() {
        assertError(http.post("/subjects/invalid-value/versions", schemaBody("{\"type\":\"record\",\"name\":\"X\"")), 422, 42201);
        assertError(http.post("/subjects/invalid-value/versions", schemaBody("{\"type\":\"nonsense\"}")), 422, 42201);
        assertError(http.post("/subjects/invalid-value/versions", schemaBody(
                "{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"n\",\"type\":\"int\",\"default\":\"one\"}]}")), 422, 42201);
        assertError(http.post("/subjects/invalid-value/versions",
                "{\"schema\":\"syntax = \\\"proto3\\\";\",\"schemaType\":\"PROTOBUF\"}"), 422, 42201);
        assertError(http.post("/subjects/invalid-value/versions", "{\"schema\":{\"type\":\"string\"}}"), 422, 42201);
        assertError(http.post("/subjects/invalid-value/versions", "{}"), 422, 42201);
        assertError(http.post("/subjects/invalid-value/versions", "not json"), 400, 400);
        assertError(http.post("/subjects/invalid-value", schemaBody("{")), 422, 42201);
        assertError(http.post("/compatibility/subjects/invalid-value/versions/latest", schemaBody("{")), 422, 42201);
        assertError(http.get("/schemas/ids/abc"), 400, 400);
        assertError(http.get("/subjects/invalid-value/versions"), 404, 40401);
    }

    @Test
    void unknownPathsAnswerA404JsonError() {
        final Reply reply = http.get("/no/such/path");

        assertError(reply, 404, 404);
        assertThat(reply.body()).doesNotContain("<html");
        assertError(http.post("/subjects/x/versions/1/nothing", "{}"), 404, 404);
    }

    @Test
    void bodiesAreReadWhateverJsonContentTypeTheClientDeclares() {
        final String body = schemaBody(SHIFT);

        final int viaJson = http.post("/subjects/content-type-value/versions", body, "application/json").id();
        final int viaOctets = http.post("/subjects/content-type-value/versions", body, "application/octet-stream").id();
        final int viaGeneric = http.post("/subjects/content-type-value/versions", body, "application/vnd.schemaregistry+json").id();

        assertThat(viaJson).isPositive().isEqualTo(viaOctets).isEqualTo(viaGeneric);
    }

    @Test
    void primitiveSchemasAreSchemasToo() {
        final int id = http.register("primitive-key", "\"string\"");

        assertThat(http.get("/schemas/ids/" + id).json().path("schema").asText()).isEqualTo("\"string\"");
        assertThat(http.register("primitive-key", "{\"type\": \"string\"}")).isEqualTo(id);
    }

    private static void assertError(final Reply reply, final int status, final int errorCode) {
        assertThat(reply.status()).as("HTTP status of %s", reply).isEqualTo(status);
        assertThat(reply.contentType()).as("content type of %s", reply).startsWith(RegistryHttp.CONTENT_TYPE);
        assertThat(reply.errorCode()).as("error_code of %s", reply).isEqualTo(errorCode);
        assertThat(reply.json().path("message").asText()).as("message of %s", reply).isNotBlank();
    }

    private static List<String> texts(final JsonNode array) {
        final List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static Schema parse(final String schema) {
        return new Schema.Parser().parse(schema);
    }
}
