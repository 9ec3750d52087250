package ledger.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (generated or generic) in Confluent's wire format, registering or looking up the
 * writer schema under the subject {@code <topic>-value} (or {@code -key}).
 */
public final class SpecificAvroSerializer<T extends GenericContainer> implements Serializer<T> {

    private SchemaRegistryClient registry;
    private boolean autoRegister = true;
    private boolean isKey;
    /**
     * The last writer schema and its id per subject (one serializer may write to several topics, e.g. a store's
     * changelog and a repartition topic). Generated classes hand out one static schema instance, so an identity
     * check skips the registry client's lookup, whose key costs more than the rest of the serialization.
     */
    private final Map<String, SchemaId> lastBySubject = new ConcurrentHashMap<>();

    private record SchemaId(Schema schema, int id) {
    }

    public SpecificAvroSerializer() {
    }

    public SpecificAvroSerializer(final SchemaRegistryClient registry, final boolean autoRegister) {
        this.registry = registry;
        this.autoRegister = autoRegister;
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        this.isKey = isKey;
        final Object url = configs.get(AvroSerdes.SCHEMA_REGISTRY_URL);
        this.registry = SchemaRegistryClients.forUrl(url == null ? null : url.toString());
        final Object auto = configs.get(AvroSerdes.AUTO_REGISTER_SCHEMAS);
        this.autoRegister = auto == null || Boolean.parseBoolean(auto.toString());
    }

    @Override
    public byte[] serialize(final String topic, final T record) {
        if (record == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("serializer not configured: schema.registry.url missing");
        }
        final Schema schema = record.getSchema();
        final String subject = topic + (isKey ? "-key" : "-value");
        final SchemaId cached = lastBySubject.get(subject);
        final int id;
        try {
            if (cached != null && cached.schema() == schema) {
                id = cached.id();
            } else {
                id = autoRegister ? registry.register(subject, schema) : registry.idOf(subject, schema);
                lastBySubject.put(subject, new SchemaId(schema, id));
            }
        } catch (final SchemaRegistryException e) {
            throw new SerializationException("cannot get a schema id for subject " + subject + ": " + e.getMessage(), e);
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        final DatumWriter<Object> writer = record instanceof SpecificRecord
                ? new SpecificDatumWriter<>(schema)
                : new GenericDatumWriter<>(schema);
        try {
            writer.write(record, encoder);
            encoder.flush();
        } catch (final IOException | RuntimeException e) {
            throw new SerializationException("cannot write " + schema.getFullName() + " to " + topic + ": " + e.getMessage(), e);
        }
        return WireFormat.frame(id, out.toByteArray());
    }
}
