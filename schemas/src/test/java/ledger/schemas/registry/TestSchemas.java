package ledger.schemas.registry;

/** Small Avro schemas whose compatibility relations the tests rely on. */
final class TestSchemas {

    /** The first version: a customer only. */
    static final String CREDIT_V1 = """
            {"type":"record","name":"Credit","namespace":"ledger.test","fields":[
            {"name":"customerId","type":"string"}]}""";

    /** {@link #CREDIT_V1} formatted differently, keys reordered: the same schema. */
    static final String CREDIT_V1_REFORMATTED = """
            {
              "fields" : [ { "type" : "string", "name" : "customerId" } ],
              "namespace" : "ledger.test",
              "name" : "Credit",
              "type" : "record"
            }
            """;

    /** Adds an amount with a default: BACKWARD, FORWARD and FULL compatible with {@link #CREDIT_V1}. */
    static final String CREDIT_V2 = """
            {"type":"record","name":"Credit","namespace":"ledger.test","fields":[
            {"name":"customerId","type":"string"},
            {"name":"amountMinor","type":"long","default":0}]}""";

    /** Adds an amount without a default: not BACKWARD compatible (new readers cannot read old data), FORWARD is. */
    static final String CREDIT_REQUIRED_AMOUNT = """
            {"type":"record","name":"Credit","namespace":"ledger.test","fields":[
            {"name":"customerId","type":"string"},
            {"name":"amountMinor","type":"long"}]}""";

    /** Drops every field: BACKWARD compatible with all versions above, not FORWARD with V1. */
    static final String CREDIT_EMPTY = """
            {"type":"record","name":"Credit","namespace":"ledger.test","fields":[]}""";

    /** Brings customerId back as an int with a default: BACKWARD with {@link #CREDIT_EMPTY}, not with V1. */
    static final String CREDIT_INT_CUSTOMER = """
            {"type":"record","name":"Credit","namespace":"ledger.test","fields":[
            {"name":"customerId","type":"int","default":0}]}""";

    /** Unrelated to the credits. */
    static final String SHIFT = """
            {"type":"record","name":"Shift","namespace":"ledger.test","fields":[{"name":"clubId","type":"string"}]}""";

    private TestSchemas() {
    }
}
