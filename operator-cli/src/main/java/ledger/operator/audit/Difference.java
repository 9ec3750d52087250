package ledger.operator.audit;

/**
 * One thing that is not as it should be.
 *
 * @param kind what kind of difference (BALANCE, SEQUENCE, MISSING_BALANCE, EVENT_BALANCE, ROW_MISSING, REPORT_TOTALS, ...)
 * @param subject what it is about: {@code orgId:customerId}, an event id, {@code orgId/shiftId}
 * @param expected what the recomputation says
 * @param actual what the system holds
 * @param source where the actual value was read (ledger API, balance-events, report database, ...)
 */
public record Difference(String kind, String subject, String expected, String actual, String source) {

    @Override
    public String toString() {
        return String.format("%-16s %-40s expected %s, %s has %s", kind, subject, expected, source, actual);
    }
}
