package ledger.schemas.serde;

import java.nio.ByteBuffer;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Confluent's framing: magic byte 0, the schema id as a 4-byte big-endian int, then the Avro binary body.
 */
final class WireFormat {

    static final byte MAGIC_BYTE = 0;
    static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    static byte[] frame(final int schemaId, final byte[] avroBody) {
        return ByteBuffer.allocate(HEADER_SIZE + avroBody.length)
                .put(MAGIC_BYTE).putInt(schemaId).put(avroBody).array();
    }

    /** Returns the schema id; the body starts at {@link #HEADER_SIZE}. */
    static int schemaId(final byte[] framed) {
        if (framed.length < HEADER_SIZE) {
            throw new SerializationException("not Confluent wire format: " + framed.length + " bytes, need at least " + HEADER_SIZE);
        }
        if (framed[0] != MAGIC_BYTE) {
            throw new SerializationException("not Confluent wire format: magic byte " + framed[0] + ", expected 0");
        }
        return ByteBuffer.wrap(framed, 1, 4).getInt();
    }
}
