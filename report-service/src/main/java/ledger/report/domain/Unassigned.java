package ledger.report.domain;

/** The payments of a period that belong to no shift, in their two buckets. */
public record Unassigned(Bucket noClub, Bucket outsideAnyShift) {
}
