package ledger.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.apache.avro.Schema;

/**
 * What Confluent's Schema Registry does, over a {@link SchemaStore}: registration with global ids,
 * versions per subject, compatibility levels, soft and hard deletes. Plain Java, no HTTP: the routes
 * translate requests to these calls and {@link RegistryError}s to replies.
 *
 * <p>Guarantees: a schema's identity is the parsed Avro schema ({@link Schema#equals}), so formatting never
 * creates a new version; the same schema has the same id in every subject; ids only grow; registering is
 * idempotent. Every change is checked and written under one lock, so two registrations cannot take the same
 * id or version; this assumes this process is the topic's only writer.
 */
final class SchemaRegistry {

    /** A version argument meaning "the latest", as Confluent's {@code -1}. */
    static final int LATEST = -1;

    private final SchemaStore store;
    private final ReentrantLock writes = new ReentrantLock();

    SchemaRegistry(final SchemaStore store) {
        this.store = store;
    }

    /** Registers {@code schemaText} under {@code subject}, or finds it there; returns its global id. */
    int register(final String subject, final String schemaText, final String schemaType) {
        final Schema schema = parse(schemaText, schemaType);
        return locked(() -> {
            final List<RegisteredSchema> all = store.read(s -> s.versions(subject, true));
            final List<RegisteredSchema> live = all.stream().filter(v -> !v.deleted()).toList();
            for (final RegisteredSchema existing : live) {
                if (schema.equals(existing.avro())) {
                    return existing.id();
                }
            }
            final Compatibility level = effectiveLevel(subject);
            final List<String> problems = level.problems(schema, live);
            if (!problems.isEmpty()) {
                throw RegistryError.incompatible(subject, problems);
            }
            // Soft-deleted versions keep their numbers, as in Confluent: a new version comes after them.
            final int version = all.isEmpty() ? 1 : all.get(all.size() - 1).version() + 1;
            final RegisteredSchema registered = store.read(s -> s.withSchema(schema)
                    .map(same -> new RegisteredSchema(subject, version, same.id(), same.schemaType(), same.schema(), same.avro(), false))
                    .orElseGet(() -> RegisteredSchema.avro(subject, version, s.maxId() + 1, schema)));
            store.write(List.of(new StoreRecord.SchemaVersion(registered)));
            return registered.id();
        });
    }

    /** The version of {@code subject} holding {@code schemaText}, the newest if several do. */
    RegisteredSchema lookup(final String subject, final String schemaText, final String schemaType, final boolean includeDeleted) {
        final Schema schema = parse(schemaText, schemaType);
        final List<RegisteredSchema> versions = existingVersions(subject, includeDeleted);
        for (int i = versions.size() - 1; i >= 0; i--) {
            if (schema.equals(versions.get(i).avro())) {
                return versions.get(i);
            }
        }
        throw RegistryError.schemaNotFound();
    }

    /** A version using id {@code id}; soft-deleted versions count, as readers may still meet old records. */
    RegisteredSchema schemaById(final int id) {
        return store.read(s -> s.usingId(id, true)).stream().findFirst()
                .orElseThrow(() -> RegistryError.schemaIdNotFound(id));
    }

    /** The subject versions using id {@code id}. */
    List<RegisteredSchema> versionsUsingId(final int id, final boolean includeDeleted) {
        final List<RegisteredSchema> all = store.read(s -> s.usingId(id, true));
        if (all.isEmpty()) {
            throw RegistryError.schemaIdNotFound(id);
        }
        return all.stream().filter(v -> includeDeleted || !v.deleted()).toList();
    }

    List<String> subjects(final boolean includeDeleted) {
        return store.read(s -> s.subjects(includeDeleted));
    }

    List<Integer> versions(final String subject, final boolean includeDeleted) {
        return existingVersions(subject, includeDeleted).stream().map(RegisteredSchema::version).toList();
    }

    /** Version {@code version} of {@code subject}, or the latest for {@link #LATEST}. */
    RegisteredSchema version(final String subject, final int version, final boolean includeDeleted) {
        final List<RegisteredSchema> versions = existingVersions(subject, includeDeleted);
        return version == LATEST ? versions.get(versions.size() - 1) : find(versions, version);
    }

    /**
     * Deletes every version of {@code subject}: softly (hidden, ids still readable), or permanently once soft
     * deleted. Returns the versions deleted.
     */
    List<Integer> deleteSubject(final String subject, final boolean permanent) {
        return locked(() -> {
            final List<RegisteredSchema> all = existingVersions(subject, true);
            final List<RegisteredSchema> live = all.stream().filter(v -> !v.deleted()).toList();
            final List<StoreRecord> records = new ArrayList<>();
            final List<RegisteredSchema> deleted;
            if (permanent) {
                if (!live.isEmpty()) {
                    throw RegistryError.subjectNotSoftDeleted(subject);
                }
                deleted = all;
                deleted.forEach(v -> records.add(new StoreRecord.SchemaVersionRemoved(subject, v.version())));
                // As Confluent does: a subject deleted for good takes its settings with it.
                if (store.read(s -> s.subjectLevel(subject)).isPresent()) {
                    records.add(new StoreRecord.ConfigRemoved(subject));
                }
            } else {
                if (live.isEmpty()) {
                    throw RegistryError.subjectSoftDeleted(subject);
                }
                deleted = live;
                deleted.forEach(v -> records.add(new StoreRecord.SchemaVersion(v.softDeleted())));
            }
            store.write(records);
            return deleted.stream().map(RegisteredSchema::version).toList();
        });
    }

    /** Deletes one version: softly, or permanently once soft deleted. Returns its number. */
    int deleteVersion(final String subject, final int version, final boolean permanent) {
        return locked(() -> {
            final List<RegisteredSchema> all = existingVersions(subject, true);
            final List<RegisteredSchema> live = all.stream().filter(v -> !v.deleted()).toList();
            final RegisteredSchema target;
            if (version == LATEST) {
                // "latest" is the newest live version for a soft delete, the newest stored one for a hard delete.
                target = permanent || live.isEmpty() ? all.get(all.size() - 1) : live.get(live.size() - 1);
            } else {
                target = find(all, version);
            }
            if (permanent) {
                if (!target.deleted()) {
                    throw RegistryError.versionNotSoftDeleted(subject, target.version());
                }
                store.write(List.of(new StoreRecord.SchemaVersionRemoved(subject, target.version())));
            } else {
                if (target.deleted()) {
                    throw RegistryError.versionSoftDeleted(subject, target.version());
                }
                store.write(List.of(new StoreRecord.SchemaVersion(target.softDeleted())));
            }
            return target.version();
        });
    }

    /**
     * Why {@code schemaText} could not be registered next to {@code version} (or {@link #LATEST}) of
     * {@code subject} under the subject's level; empty when it could. A subject without versions accepts anything.
     */
    List<String> compatibilityProblems(final String subject, final int version, final String schemaText, final String schemaType) {
        final Schema schema = parse(schemaText, schemaType);
        final List<RegisteredSchema> live = store.read(s -> s.versions(subject, false));
        if (version == LATEST) {
            return live.isEmpty() ? List.of() : effectiveLevel(subject).problems(schema, live.subList(live.size() - 1, live.size()));
        }
        if (live.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        return effectiveLevel(subject).problems(schema, List.of(find(live, version)));
    }

    /** Why {@code schemaText} could not be registered under {@code subject} now; empty when it could. */
    List<String> compatibilityProblems(final String subject, final String schemaText, final String schemaType) {
        final Schema schema = parse(schemaText, schemaType);
        return effectiveLevel(subject).problems(schema, store.read(s -> s.versions(subject, false)));
    }

    Compatibility globalLevel() {
        return store.read(RegistryState::globalLevel).orElse(Compatibility.DEFAULT);
    }

    void setGlobalLevel(final Compatibility level) {
        locked(() -> {
            store.write(List.of(new StoreRecord.Config(null, level)));
            return level;
        });
    }

    /** Resets the global level to the default; returns the level it had. */
    Compatibility resetGlobalLevel() {
        return locked(() -> {
            final Compatibility previous = globalLevel();
            store.write(List.of(new StoreRecord.ConfigRemoved(null)));
            return previous;
        });
    }

    Optional<Compatibility> subjectLevel(final String subject) {
        return store.read(s -> s.subjectLevel(subject));
    }

    void setSubjectLevel(final String subject, final Compatibility level) {
        locked(() -> {
            store.write(List.of(new StoreRecord.Config(subject, level)));
            return level;
        });
    }

    /** Removes the subject's own level, so the global one applies; returns the level it had. */
    Compatibility removeSubjectLevel(final String subject) {
        return locked(() -> {
            final Compatibility previous = subjectLevel(subject).orElseThrow(() -> RegistryError.subjectConfigNotFound(subject));
            store.write(List.of(new StoreRecord.ConfigRemoved(subject)));
            return previous;
        });
    }

    /** The subject's level, else the global one, else {@link Compatibility#DEFAULT}. */
    Compatibility effectiveLevel(final String subject) {
        return subjectLevel(subject).orElseGet(this::globalLevel);
    }

    /**
     * Parses a schema as a client sent it.
     *
     * @throws RegistryError 42201 when it is not a valid Avro schema or not Avro at all
     */
    static Schema parse(final String schemaText, final String schemaType) {
        if (schemaType != null && !RegisteredSchema.AVRO.equals(schemaType)) {
            throw RegistryError.invalidSchema("schemaType " + schemaType + " is not supported; this registry serves AVRO only");
        }
        if (schemaText == null || schemaText.isBlank()) {
            throw RegistryError.invalidSchema("empty schema");
        }
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (final RuntimeException e) {
            // Avro reports bad input with several exception types (SchemaParseException, AvroTypeException, ...).
            throw RegistryError.invalidSchema(e.getMessage());
        }
    }

    /** The subject's versions; 40401 when it has none (live ones, unless {@code includeDeleted}). */
    private List<RegisteredSchema> existingVersions(final String subject, final boolean includeDeleted) {
        final List<RegisteredSchema> versions = store.read(s -> s.versions(subject, includeDeleted));
        if (versions.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        return versions;
    }

    private static RegisteredSchema find(final List<RegisteredSchema> versions, final int version) {
        return versions.stream().filter(v -> v.version() == version).findFirst()
                .orElseThrow(() -> RegistryError.versionNotFound(version));
    }

    private <T> T locked(final Supplier<T> change) {
        writes.lock();
        try {
            return change.get();
        } finally {
            writes.unlock();
        }
    }
}
