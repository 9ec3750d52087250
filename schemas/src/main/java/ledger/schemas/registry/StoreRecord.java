package ledger.schemas.registry;

/**
 * The facts the {@code _schemas} topic holds, one per Kafka record. {@link StoreRecordCodec} maps them to
 * and from Confluent's JSON keys and values; {@link RegistryState} folds them into the current state.
 */
sealed interface StoreRecord {

    /** A version of a subject, new or soft-deleted ({@code SCHEMA} key with a value). */
    record SchemaVersion(RegisteredSchema schema) implements StoreRecord {
    }

    /** A version hard-deleted ({@code SCHEMA} key, tombstone). */
    record SchemaVersionRemoved(String subject, int version) implements StoreRecord {
    }

    /** A compatibility level; {@code subject} is {@code null} for the global one ({@code CONFIG} key). */
    record Config(String subject, Compatibility level) implements StoreRecord {
    }

    /** A compatibility level removed ({@code CONFIG} key, tombstone). */
    record ConfigRemoved(String subject) implements StoreRecord {
    }

    /**
     * Confluent's way to soft-delete a whole subject: versions up to {@code version} are deleted
     * ({@code DELETE_SUBJECT} key). We write per-version {@link SchemaVersion}s instead, but read this one so
     * a topic written by Confluent's registry is understood.
     */
    record SubjectDeleted(String subject, int version) implements StoreRecord {
    }

    /** {@code NOOP} and key types this registry has no use for (modes, contexts, ...): no effect. */
    record Ignored(String keyType) implements StoreRecord {
    }
}
