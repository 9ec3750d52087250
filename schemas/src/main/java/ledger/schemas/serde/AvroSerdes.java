package ledger.schemas.serde;

import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Serdes for our Avro records in Confluent's wire format. Configuration keys follow Confluent's:
 * {@code schema.registry.url} (required; {@code mock://scope} in tests) and {@code auto.register.schemas}
 * (default true).
 */
public final class AvroSerdes {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

    private AvroSerdes() {
    }

    /** A value (or key, with {@code isKey}) serde for the generated class {@code type}. */
    public static <T extends SpecificRecord> Serde<T> specific(final Class<T> type, final Map<String, ?> config, final boolean isKey) {
        final SpecificAvroSerializer<T> serializer = new SpecificAvroSerializer<>();
        final SpecificAvroDeserializer<T> deserializer = new SpecificAvroDeserializer<>(type);
        serializer.configure(config, isKey);
        deserializer.configure(config, isKey);
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
