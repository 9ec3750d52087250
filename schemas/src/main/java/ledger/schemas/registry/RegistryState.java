package ledger.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.avro.Schema;

/**
 * The registry's state: the fold of every record of the {@code _schemas} topic, in offset order.
 *
 * <p>Not thread-safe; {@link SchemaStore} guards it. Lookups by id or by schema scan all versions: a
 * registry holds tens or hundreds of versions, and a scan cannot disagree with the versions it reads.
 */
final class RegistryState {

    private final TreeMap<String, TreeMap<Integer, RegisteredSchema>> subjects = new TreeMap<>();
    private final Map<String, Compatibility> subjectLevels = new HashMap<>();
    private Compatibility globalLevel;
    /** The highest id ever read. It never goes down, so a hard delete does not free an id for reuse. */
    private int maxId;

    void apply(final StoreRecord record) {
        if (record instanceof StoreRecord.SchemaVersion v) {
            final RegisteredSchema schema = v.schema();
            subjects.computeIfAbsent(schema.subject(), s -> new TreeMap<>()).put(schema.version(), schema);
            maxId = Math.max(maxId, schema.id());
        } else if (record instanceof StoreRecord.SchemaVersionRemoved r) {
            final TreeMap<Integer, RegisteredSchema> versions = subjects.get(r.subject());
            if (versions != null) {
                versions.remove(r.version());
                if (versions.isEmpty()) {
                    subjects.remove(r.subject());
                }
            }
        } else if (record instanceof StoreRecord.Config c) {
            if (c.subject() == null) {
                globalLevel = c.level();
            } else {
                subjectLevels.put(c.subject(), c.level());
            }
        } else if (record instanceof StoreRecord.ConfigRemoved c) {
            if (c.subject() == null) {
                globalLevel = null;
            } else {
                subjectLevels.remove(c.subject());
            }
        } else if (record instanceof StoreRecord.SubjectDeleted d) {
            final TreeMap<Integer, RegisteredSchema> versions = subjects.get(d.subject());
            if (versions != null) {
                versions.headMap(d.version(), true).replaceAll((version, schema) -> schema.softDeleted());
            }
        }
    }

    /** Subjects with a live version, or with any version when {@code includeDeleted}; sorted. */
    List<String> subjects(final boolean includeDeleted) {
        final List<String> names = new ArrayList<>();
        subjects.forEach((subject, versions) -> {
            if (includeDeleted || versions.values().stream().anyMatch(v -> !v.deleted())) {
                names.add(subject);
            }
        });
        return names;
    }

    /** The subject's versions, oldest first; soft-deleted ones only when {@code includeDeleted}. */
    List<RegisteredSchema> versions(final String subject, final boolean includeDeleted) {
        final TreeMap<Integer, RegisteredSchema> versions = subjects.get(subject);
        if (versions == null) {
            return List.of();
        }
        return versions.values().stream().filter(v -> includeDeleted || !v.deleted()).toList();
    }

    /** Versions that use id {@code id}, ordered by subject and version. */
    List<RegisteredSchema> usingId(final int id, final boolean includeDeleted) {
        final List<RegisteredSchema> found = new ArrayList<>();
        for (final TreeMap<Integer, RegisteredSchema> versions : subjects.values()) {
            for (final RegisteredSchema v : versions.values()) {
                if (v.id() == id && (includeDeleted || !v.deleted())) {
                    found.add(v);
                }
            }
        }
        return found;
    }

    /**
     * A version holding {@code schema} in any subject, soft-deleted ones included (Confluent reuses their ids
     * too); its id and text are what every new version of the same schema must carry.
     */
    Optional<RegisteredSchema> withSchema(final Schema schema) {
        for (final TreeMap<Integer, RegisteredSchema> versions : subjects.values()) {
            for (final RegisteredSchema v : versions.values()) {
                if (schema.equals(v.avro())) {
                    return Optional.of(v);
                }
            }
        }
        return Optional.empty();
    }

    int maxId() {
        return maxId;
    }

    Optional<Compatibility> subjectLevel(final String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    Optional<Compatibility> globalLevel() {
        return Optional.ofNullable(globalLevel);
    }
}
