package ledger.schemas.serde;

import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry API the serde needs. Implementations cache: a schema id
 * never changes meaning, so every lookup after the first is local.
 */
public interface SchemaRegistryClient {

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** Returns the id {@code schema} already has under {@code subject}; fails if it is not registered. */
    int idOf(String subject, Schema schema);

    /** Returns the schema with global id {@code id}; fails if there is none. */
    Schema schemaById(int id);
}
