package ledger.schemas.registry;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * Confluent's record layout of the {@code _schemas} topic, so Confluent's registry or Karapace can take the
 * topic over and we can read theirs.
 *
 * <p>Keys are written field by field in Confluent's order, because log compaction compares key bytes: a
 * later record for the same subject and version must have a byte-identical key to replace the earlier one.
 */
final class StoreRecordCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String SCHEMA = "SCHEMA";
    private static final String CONFIG = "CONFIG";
    private static final String DELETE_SUBJECT = "DELETE_SUBJECT";
    /** Confluent's key magic: 1 for schema keys, 0 for the others. */
    private static final int SCHEMA_KEY_MAGIC = 1;
    private static final int OTHER_KEY_MAGIC = 0;

    private StoreRecordCodec() {
    }

    static String key(final StoreRecord record) {
        final ObjectNode key = JSON.createObjectNode();
        if (record instanceof StoreRecord.SchemaVersion v) {
            schemaKey(key, v.schema().subject(), v.schema().version());
        } else if (record instanceof StoreRecord.SchemaVersionRemoved r) {
            schemaKey(key, r.subject(), r.version());
        } else if (record instanceof StoreRecord.Config c) {
            configKey(key, c.subject());
        } else if (record instanceof StoreRecord.ConfigRemoved c) {
            configKey(key, c.subject());
        } else if (record instanceof StoreRecord.SubjectDeleted d) {
            key.put("keytype", DELETE_SUBJECT).put("subject", d.subject()).put("magic", OTHER_KEY_MAGIC);
        } else if (record instanceof StoreRecord.Ignored i) {
            key.put("keytype", i.keyType()).put("magic", OTHER_KEY_MAGIC);
        } else {
            throw new IllegalArgumentException("unknown store record " + record);
        }
        return write(key);
    }

    /** The record's value, or {@code null} for a tombstone. */
    static String value(final StoreRecord record) {
        if (record instanceof StoreRecord.SchemaVersion v) {
            final RegisteredSchema s = v.schema();
            final ObjectNode value = JSON.createObjectNode()
                    .put("subject", s.subject()).put("version", s.version()).put("id", s.id());
            // Confluent leaves schemaType out for Avro, the default; clients read its absence as AVRO.
            if (!s.isAvro()) {
                value.put("schemaType", s.schemaType());
            }
            return write(value.put("schema", s.schema()).put("deleted", s.deleted()));
        }
        if (record instanceof StoreRecord.Config c) {
            return write(JSON.createObjectNode().put("compatibilityLevel", c.level().name()));
        }
        if (record instanceof StoreRecord.SubjectDeleted d) {
            return write(JSON.createObjectNode().put("subject", d.subject()).put("version", d.version()));
        }
        if (record instanceof StoreRecord.Ignored) {
            return "{}";
        }
        return null;
    }

    /**
     * Reads one record of the topic.
     *
     * @throws IllegalArgumentException when the record is not in Confluent's layout
     */
    static StoreRecord decode(final String key, final String value) {
        if (key == null) {
            throw new IllegalArgumentException("record without a key");
        }
        final JsonNode k = read(key);
        final String keyType = k.path("keytype").asText("");
        switch (keyType) {
            case SCHEMA -> {
                final String subject = requiredText(k, "subject");
                final int version = requiredInt(k, "version");
                if (value == null) {
                    return new StoreRecord.SchemaVersionRemoved(subject, version);
                }
                final JsonNode v = read(value);
                final String schemaType = v.path("schemaType").asText(RegisteredSchema.AVRO);
                final String schema = requiredText(v, "schema");
                return new StoreRecord.SchemaVersion(new RegisteredSchema(subject, version, requiredInt(v, "id"),
                        schemaType, schema, RegisteredSchema.AVRO.equals(schemaType) ? parseOrNull(schema) : null,
                        v.path("deleted").asBoolean(false)));
            }
            case CONFIG -> {
                final String subject = k.path("subject").isTextual() ? k.get("subject").asText() : null;
                final JsonNode level = value == null ? null : read(value).get("compatibilityLevel");
                // Confluent's config values also carry other settings; one without a level sets none.
                if (level == null || level.isNull()) {
                    return new StoreRecord.ConfigRemoved(subject);
                }
                return new StoreRecord.Config(subject, Compatibility.parse(level.asText())
                        .orElseThrow(() -> new IllegalArgumentException("unknown compatibility level " + level)));
            }
            case DELETE_SUBJECT -> {
                if (value == null) {
                    return new StoreRecord.Ignored(keyType);
                }
                final JsonNode v = read(value);
                return new StoreRecord.SubjectDeleted(requiredText(v, "subject"), requiredInt(v, "version"));
            }
            default -> {
                return new StoreRecord.Ignored(keyType);
            }
        }
    }

    private static void schemaKey(final ObjectNode key, final String subject, final int version) {
        key.put("keytype", SCHEMA).put("subject", subject).put("version", version).put("magic", SCHEMA_KEY_MAGIC);
    }

    private static void configKey(final ObjectNode key, final String subject) {
        key.put("keytype", CONFIG);
        if (subject == null) {
            key.putNull("subject");
        } else {
            key.put("subject", subject);
        }
        key.put("magic", OTHER_KEY_MAGIC);
    }

    /** A schema written by another registry that Avro cannot parse is still served by id, just never compared. */
    private static Schema parseOrNull(final String schema) {
        try {
            return new Schema.Parser().parse(schema);
        } catch (final AvroRuntimeException e) {
            return null;
        }
    }

    private static String requiredText(final JsonNode node, final String field) {
        final JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("missing text field '" + field + "' in " + node);
        }
        return value.asText();
    }

    private static int requiredInt(final JsonNode node, final String field) {
        final JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException("missing integer field '" + field + "' in " + node);
        }
        return value.asInt();
    }

    private static JsonNode read(final String json) {
        try {
            final JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not a JSON object: " + json);
            }
            return node;
        } catch (final JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(final JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (final IOException e) {
            // Writing a tree of strings and numbers to a String cannot fail; if it does, it is a bug.
            throw new UncheckedIOException(e);
        }
    }
}
