package ledger.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.HexFormat;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A known answer for Confluent's wire format, worked out by hand: magic byte 0, id 4 as 4 big-endian bytes,
 * then Avro binary ("c-1" is length 3 zig-zag encoded as 0x06 and the UTF-8 bytes; 12345 zig-zag is 24690,
 * the varint f2 c0 01). Any Confluent client in any language produces and reads exactly these bytes.
 */
class WireFormatVectorTest {

    private static final String SCOPE = WireFormatVectorTest.class.getSimpleName();
    private static final Schema BALANCE_CREDITED = new Schema.Parser().parse("""
            {"type":"record","name":"BalanceCredited","namespace":"ledger","fields":[
            {"name":"customerId","type":"string"},{"name":"amountMinor","type":"long"}]}""");
    private static final String EXPECTED_HEX = "000000000406632d31f2c001";

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void encodesTheConfluentVectorByteForByteAndDecodesItBack() throws IOException {
        final SchemaRegistryClient registry = MockSchemaRegistry.scope(SCOPE);
        // Three schemas before ours, so ours gets id 4 in this fresh scope.
        registry.register("filler-value", Schema.create(Schema.Type.STRING));
        registry.register("filler-value", Schema.create(Schema.Type.INT));
        registry.register("filler-value", Schema.create(Schema.Type.LONG));
        final SpecificAvroSerializer<GenericRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of(AvroSerdes.SCHEMA_REGISTRY_URL, "mock://" + SCOPE), false);
        final GenericRecord credited = new GenericData.Record(BALANCE_CREDITED);
        credited.put("customerId", "c-1");
        credited.put("amountMinor", 12345L);

        final byte[] bytes = serializer.serialize("balances", credited);

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(EXPECTED_HEX);
        assertThat(registry.idOf("balances-value", BALANCE_CREDITED)).isEqualTo(4);

        final byte[] vector = HexFormat.of().parseHex(EXPECTED_HEX);
        final int id = WireFormat.schemaId(vector);
        assertThat(id).isEqualTo(4);
        final GenericRecord decoded = new GenericDatumReader<GenericRecord>(registry.schemaById(id)).read(null,
                DecoderFactory.get().binaryDecoder(vector, WireFormat.HEADER_SIZE, vector.length - WireFormat.HEADER_SIZE, null));
        assertThat(decoded.get("customerId")).hasToString("c-1");
        assertThat(decoded.get("amountMinor")).isEqualTo(12345L);
    }

    @Test
    void framingIsTheMagicByteAndABigEndianId() {
        assertThat(HexFormat.of().formatHex(WireFormat.frame(0x01020304, new byte[] {(byte) 0xab})))
                .isEqualTo("0001020304ab");
        assertThat(WireFormat.schemaId(HexFormat.of().parseHex("007fffffff"))).isEqualTo(Integer.MAX_VALUE);
    }
}
