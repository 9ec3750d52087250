package ledger.config;

import java.util.Set;

/**
 * How many copies Kafka keeps of each of our topics, and how many must have a write before it counts.
 *
 * <p>{@code factor} copies ({@code TOPIC_REPLICATION_FACTOR}) on as many brokers; a write (the gateway's, with
 * acks=all, and the ledger's transactions) is acknowledged only once {@code minInsyncReplicas}
 * ({@code TOPIC_MIN_INSYNC_REPLICAS}) of them have it. With 3 and 2, losing one broker loses nothing and stops nothing;
 * losing two stops writes (the gateway answers 503 and CloudPayments retries) rather than accept what one disk alone
 * holds. The embedded single broker can only have 1 and 1: one disk, and nothing survives its loss.
 */
public record Replication(short factor, int minInsyncReplicas) {

    public static final String FACTOR_VARIABLE = "TOPIC_REPLICATION_FACTOR";
    public static final String MIN_INSYNC_VARIABLE = "TOPIC_MIN_INSYNC_REPLICAS";
    /** Every environment variable this setting reads. */
    public static final Set<String> VARIABLES = Set.of(FACTOR_VARIABLE, MIN_INSYNC_VARIABLE);

    /** The embedded broker's: one copy. */
    public static final Replication SINGLE_BROKER = new Replication((short) 1, 1);

    public Replication {
        Checks.require(factor >= 1 && factor <= 16, FACTOR_VARIABLE + " must be 1..16, got " + factor);
        Checks.require(minInsyncReplicas >= 1 && minInsyncReplicas <= factor,
                MIN_INSYNC_VARIABLE + " must be 1.." + FACTOR_VARIABLE + " (" + factor + "), got " + minInsyncReplicas);
    }

    /** {@code TOPIC_REPLICATION_FACTOR} (default 1) and {@code TOPIC_MIN_INSYNC_REPLICAS} (default 1). */
    public static Replication fromEnv(final Env env) {
        final int factor = env.integer(FACTOR_VARIABLE, 1);
        Checks.require(factor >= 1 && factor <= 16, FACTOR_VARIABLE + " must be 1..16, got " + factor);
        return new Replication((short) factor, env.integer(MIN_INSYNC_VARIABLE, 1));
    }

    /** For messages: "replication factor 3, min.insync.replicas 2". */
    public String describe() {
        return "replication factor " + factor + ", min.insync.replicas " + minInsyncReplicas;
    }
}
