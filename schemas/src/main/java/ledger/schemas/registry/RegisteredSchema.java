package ledger.schemas.registry;

import org.apache.avro.Schema;

/**
 * One version of one subject, as stored in the {@code _schemas} topic.
 *
 * @param subject the subject, usually {@code <topic>-value}
 * @param version the version within the subject, from 1
 * @param id the global schema id: the same schema has the same id in every subject
 * @param schemaType {@code AVRO}, or another type found in a topic written by another registry
 * @param schema the schema text as stored and served
 * @param avro the parsed schema, the schema's identity for lookups and compatibility; {@code null} when the
 *             schema is not Avro (this registry only writes Avro, but may read a topic another one wrote)
 * @param deleted soft-deleted: hidden from listings and checks, still readable by id
 */
record RegisteredSchema(String subject, int version, int id, String schemaType, String schema, Schema avro, boolean deleted) {

    static final String AVRO = "AVRO";

    static RegisteredSchema avro(final String subject, final int version, final int id, final Schema avro) {
        return new RegisteredSchema(subject, version, id, AVRO, avro.toString(), avro, false);
    }

    RegisteredSchema softDeleted() {
        return new RegisteredSchema(subject, version, id, schemaType, schema, avro, true);
    }

    boolean isAvro() {
        return AVRO.equals(schemaType);
    }
}
