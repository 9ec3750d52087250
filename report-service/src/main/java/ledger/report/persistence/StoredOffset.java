package ledger.report.persistence;

/** The next offset the sink will read from one topic partition, as stored with the rows before it. */
public record StoredOffset(String topic, int partition, long nextOffset) {
}
