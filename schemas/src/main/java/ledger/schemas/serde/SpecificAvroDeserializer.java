package ledger.schemas.serde;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format bytes into the generated class {@code T}, resolving the writer schema
 * (fetched by id from the registry) against {@code T}'s schema, so older and newer compatible writers work.
 */
public final class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    static {
        // Avro 1.12 refuses to instantiate classes outside trusted packages; ours are generated in ledger.events.
        final var previous = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous,
                c -> c.getName().startsWith("ledger.events.")));
    }

    private final Class<T> type;
    private final Schema readerSchema;
    private final Map<Integer, SpecificDatumReader<T>> readersByWriterId = new ConcurrentHashMap<>();
    private SchemaRegistryClient registry;

    public SpecificAvroDeserializer(final Class<T> type) {
        this.type = type;
        this.readerSchema = SpecificData.get().getSchema(type);
    }

    public SpecificAvroDeserializer(final Class<T> type, final SchemaRegistryClient registry) {
        this(type);
        this.registry = registry;
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        final Object url = configs.get(AvroSerdes.SCHEMA_REGISTRY_URL);
        this.registry = SchemaRegistryClients.forUrl(url == null ? null : url.toString());
    }

    @Override
    public T deserialize(final String topic, final byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("deserializer not configured: schema.registry.url missing");
        }
        final int id = WireFormat.schemaId(data);
        final SpecificDatumReader<T> reader;
        try {
            reader = readersByWriterId.computeIfAbsent(id, i ->
                    new SpecificDatumReader<>(registry.schemaById(i), readerSchema));
        } catch (final SchemaRegistryException e) {
            throw new SerializationException("unknown writer schema id " + id + " on " + topic + ": " + e.getMessage(), e);
        }
        final BinaryDecoder decoder = DecoderFactory.get()
                .binaryDecoder(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, null);
        try {
            return type.cast(reader.read(null, decoder));
        } catch (final IOException | RuntimeException e) {
            throw new SerializationException("cannot read " + type.getSimpleName() + " from " + topic + " (schema id " + id + "): " + e.getMessage(), e);
        }
    }
}
