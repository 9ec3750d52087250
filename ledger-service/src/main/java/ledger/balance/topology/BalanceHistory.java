package ledger.balance.topology;

/**
 * The layout of the {@value LedgerTopology#HISTORY_STORE} store: one customer's recent balance events under
 * {@code orgId:customerId:<sequence, zero-padded to 19 digits>}, so that string order is sequence order and a
 * customer's events form one contiguous key range, newest last.
 *
 * <p>Retention: the last {@value #KEPT_PER_CUSTOMER} events per customer. Each posting adds the event with
 * the next sequence and deletes the one {@value #KEPT_PER_CUSTOMER} before it, so the store never holds more
 * than that per customer and pruning costs one delete per posting. The balance-events topic keeps the whole
 * history; this store only serves the "recent events" API.
 */
public final class BalanceHistory {

    /** How many of a customer's most recent balance events the store keeps. */
    public static final int KEPT_PER_CUSTOMER = 1_000;

    /** Long.MAX_VALUE has 19 digits, so every sequence fits and sorts by number. */
    private static final int SEQUENCE_DIGITS = 19;

    private BalanceHistory() {
    }

    /** The store key of the customer's event with {@code sequence}. */
    public static String key(final String customerKey, final long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative, got " + sequence);
        }
        final String digits = Long.toString(sequence);
        return customerKey + ':' + "0".repeat(SEQUENCE_DIGITS - digits.length()) + digits;
    }

    /** The lowest key any of the customer's events can have. */
    public static String firstKey(final String customerKey) {
        return key(customerKey, 0);
    }

    /** The highest key any of the customer's events can have. */
    public static String lastKey(final String customerKey) {
        return key(customerKey, Long.MAX_VALUE);
    }

    /**
     * Whether {@code key}, found between {@link #firstKey} and {@link #lastKey}, is one of this customer's.
     * Customer ids may contain ':' — the range of {@code org:c1} also spans keys of a customer {@code c1:0…}
     * of the same organization — but only this customer's keys are exactly {@value #SEQUENCE_DIGITS} + 1
     * characters longer than its customer key.
     */
    public static boolean isOfCustomer(final String key, final String customerKey) {
        return key.length() == customerKey.length() + 1 + SEQUENCE_DIGITS && key.startsWith(customerKey + ':');
    }
}
