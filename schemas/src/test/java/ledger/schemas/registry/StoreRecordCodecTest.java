package ledger.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The {@code _schemas} records are Confluent's, byte for byte in the keys (compaction compares key bytes),
 * and records Confluent's registry writes are understood.
 */
class StoreRecordCodecTest {

    private static final Schema STRING = Schema.create(Schema.Type.STRING);

    @Test
    void schemaRecordsUseConfluentsKeyAndValue() {
        final StoreRecord record = new StoreRecord.SchemaVersion(RegisteredSchema.avro("payments-value", 3, 7, STRING));

        assertThat(StoreRecordCodec.key(record)).isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"payments-value\",\"version\":3,\"magic\":1}");
        assertThat(StoreRecordCodec.value(record))
                .isEqualTo("{\"subject\":\"payments-value\",\"version\":3,\"id\":7,\"schema\":\"\\\"string\\\"\",\"deleted\":false}");
        assertThat(StoreRecordCodec.decode(StoreRecordCodec.key(record), StoreRecordCodec.value(record))).isEqualTo(record);
    }

    @Test
    void aHardDeleteIsATombstoneOnTheSameKey() {
        final StoreRecord removed = new StoreRecord.SchemaVersionRemoved("payments-value", 3);

        assertThat(StoreRecordCodec.key(removed))
                .isEqualTo(StoreRecordCodec.key(new StoreRecord.SchemaVersion(RegisteredSchema.avro("payments-value", 3, 7, STRING))));
        assertThat(StoreRecordCodec.value(removed)).isNull();
        assertThat(StoreRecordCodec.decode(StoreRecordCodec.key(removed), null)).isEqualTo(removed);
    }

    @Test
    void configRecordsUseConfluentsKeyAndValueWithANullSubjectForTheGlobalLevel() {
        final StoreRecord global = new StoreRecord.Config(null, Compatibility.FULL);
        final StoreRecord subject = new StoreRecord.Config("payments-value", Compatibility.NONE);

        assertThat(StoreRecordCodec.key(global)).isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}");
        assertThat(StoreRecordCodec.value(global)).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
        assertThat(StoreRecordCodec.key(subject)).isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":\"payments-value\",\"magic\":0}");
        assertThat(StoreRecordCodec.decode(StoreRecordCodec.key(global), StoreRecordCodec.value(global))).isEqualTo(global);
        assertThat(StoreRecordCodec.decode(StoreRecordCodec.key(subject), null)).isEqualTo(new StoreRecord.ConfigRemoved("payments-value"));
    }

    @Test
    void readsRecordsAsConfluentsRegistryWritesThem() {
        final StoreRecord schema = StoreRecordCodec.decode(
                "{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"version\":1,\"magic\":1}",
                "{\"subject\":\"s\",\"version\":1,\"id\":21,\"schemaType\":null,\"references\":[],\"metadata\":null,"
                        + "\"ruleSet\":null,\"schema\":\"\\\"string\\\"\",\"deleted\":true}");
        assertThat(schema).isEqualTo(new StoreRecord.SchemaVersion(
                new RegisteredSchema("s", 1, 21, "AVRO", "\"string\"", STRING, true)));

        assertThat(StoreRecordCodec.decode("{\"keytype\":\"NOOP\",\"magic\":0}", null)).isEqualTo(new StoreRecord.Ignored("NOOP"));
        assertThat(StoreRecordCodec.decode("{\"keytype\":\"MODE\",\"subject\":null,\"magic\":0}", "{\"mode\":\"READWRITE\"}"))
                .isEqualTo(new StoreRecord.Ignored("MODE"));
        assertThat(StoreRecordCodec.decode("{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"s\",\"magic\":0}", "{\"subject\":\"s\",\"version\":4}"))
                .isEqualTo(new StoreRecord.SubjectDeleted("s", 4));
        assertThat(StoreRecordCodec.decode("{\"keytype\":\"CONFIG\",\"subject\":\"s\",\"magic\":0}", "{\"normalize\":true}"))
                .as("a config without a level sets none").isEqualTo(new StoreRecord.ConfigRemoved("s"));

        final StoreRecord protobuf = StoreRecordCodec.decode("{\"keytype\":\"SCHEMA\",\"subject\":\"p\",\"version\":1,\"magic\":1}",
                "{\"subject\":\"p\",\"version\":1,\"id\":22,\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\",\"deleted\":false}");
        assertThat(((StoreRecord.SchemaVersion) protobuf).schema().avro()).isNull();
        assertThat(StoreRecordCodec.value(protobuf)).contains("\"schemaType\":\"PROTOBUF\"");
    }

    @Test
    void refusesRecordsThatAreNotInConfluentsLayout() {
        assertThatThrownBy(() -> StoreRecordCodec.decode(null, "{}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoreRecordCodec.decode("not json", "{}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoreRecordCodec.decode("{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"magic\":1}", "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
        assertThatThrownBy(() -> StoreRecordCodec.decode("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}",
                "{\"compatibilityLevel\":\"SIDEWAYS\"}")).isInstanceOf(IllegalArgumentException.class);
    }
}
