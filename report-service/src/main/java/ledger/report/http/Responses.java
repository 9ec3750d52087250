package ledger.report.http;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import ledger.report.domain.Bucket;
import ledger.report.domain.CurrencyTotals;
import ledger.report.domain.Money;
import ledger.report.domain.ReportLine;
import ledger.report.domain.Shift;
import ledger.report.domain.ShiftReport;
import ledger.report.domain.Totals;
import ledger.report.domain.Unassigned;

/**
 * The JSON shapes of the API. Every amount appears twice: exact {@code long} minor units for programs
 * ({@code grossMinor}) and a decimal string in the currency's scale for people ({@code gross}). A line's
 * {@code category} is {@code TOP_UP}, {@code REFUND}, {@code PAYOUT} (paid out to a card: in {@code payouts}, never
 * in {@code net}), {@code TEST_IN_LIVE} (a test payment while the organization was live: in {@code testInLiveCount},
 * never money), {@code FAILED} or {@code NOT_MONEY}.
 */
final class Responses {

    private Responses() {
    }

    record ShiftInfo(String orgId, String clubId, String shiftId, String status, Instant openedAt, Instant closedAt,
                     String openedBy, String closedBy, boolean amended, Instant lastAmendedAt) {

        static ShiftInfo of(final ShiftReport report) {
            final Shift shift = report.shift();
            return new ShiftInfo(shift.orgId(), shift.clubId(), shift.shiftId(), shift.status().name(), shift.openedAt(),
                    shift.closedAt(), shift.openedBy(), shift.closedBy(), report.amended(), report.lastAmendedAt());
        }
    }

    record CurrencyTotalsBody(String currency,
                              long topUpCount, long grossMinor, String gross,
                              long refundCount, long refundsMinor, String refunds,
                              long netMinor, String net,
                              long feesMinor, String fees,
                              long failedCount,
                              long payoutCount, long payoutsMinor, String payouts,
                              long testInLiveCount) {

        static CurrencyTotalsBody of(final CurrencyTotals t) {
            final String c = t.currency();
            return new CurrencyTotalsBody(c,
                    t.topUpCount(), t.grossMinor(), Money.format(t.grossMinor(), c),
                    t.refundCount(), t.refundsMinor(), Money.format(t.refundsMinor(), c),
                    t.netMinor(), Money.format(t.netMinor(), c),
                    t.feesMinor(), Money.format(t.feesMinor(), c),
                    t.failedCount(),
                    t.payoutCount(), t.payoutsMinor(), Money.format(t.payoutsMinor(), c),
                    t.testInLiveCount());
        }
    }

    /** Live and test-mode money, each keyed by currency. */
    record TotalsBody(Map<String, CurrencyTotalsBody> live, Map<String, CurrencyTotalsBody> test) {

        static TotalsBody of(final Totals totals) {
            return new TotalsBody(section(totals.live()), section(totals.test()));
        }

        private static Map<String, CurrencyTotalsBody> section(final SortedMap<String, CurrencyTotals> totals) {
            final Map<String, CurrencyTotalsBody> body = new LinkedHashMap<>();
            totals.forEach((currency, t) -> body.put(currency, CurrencyTotalsBody.of(t)));
            return body;
        }
    }

    record LineBody(Instant time, String kind, String category, String status, String paymentType,
                    String customerId, Long transactionId, Long paymentTransactionId, String card, String cardType,
                    long amountMinor, String amount, String currency, boolean test, boolean amended,
                    Instant amendedAt, String reason) {

        static LineBody of(final ReportLine line) {
            return new LineBody(line.time(), line.kind().name(), line.category().name(), line.status(),
                    line.paymentType(), line.customerId(), line.transactionId(), line.paymentTransactionId(),
                    line.card(), line.cardType(), line.amountMinor(), Money.format(line.amountMinor(), line.currency()),
                    line.currency(), line.test(), line.amended(), line.amendedAt(), line.reason());
        }

        static List<LineBody> of(final List<ReportLine> lines) {
            return lines.stream().map(LineBody::of).toList();
        }
    }

    record ShiftReportBody(ShiftInfo shift, TotalsBody totals, List<LineBody> payments) {

        static ShiftReportBody of(final ShiftReport report) {
            return new ShiftReportBody(ShiftInfo.of(report), TotalsBody.of(report.totals()), LineBody.of(report.lines()));
        }
    }

    record ShiftSummaryBody(ShiftInfo shift, TotalsBody totals, int paymentCount) {

        static ShiftSummaryBody of(final ShiftReport report) {
            return new ShiftSummaryBody(ShiftInfo.of(report), TotalsBody.of(report.totals()), report.lines().size());
        }
    }

    record ClubShiftsBody(String orgId, String clubId, LocalDate from, LocalDate to, List<ShiftSummaryBody> shifts) {
    }

    record BucketBody(String bucket, TotalsBody totals, List<LineBody> payments) {

        static BucketBody of(final Bucket bucket) {
            return new BucketBody(bucket.reason().name(), TotalsBody.of(bucket.totals()), LineBody.of(bucket.lines()));
        }
    }

    record UnassignedBody(String orgId, LocalDate from, LocalDate to, BucketBody noClub, BucketBody outsideAnyShift) {

        static UnassignedBody of(final String orgId, final Inputs.Period period, final Unassigned unassigned) {
            return new UnassignedBody(orgId, period.from(), period.to(),
                    BucketBody.of(unassigned.noClub()), BucketBody.of(unassigned.outsideAnyShift()));
        }
    }

    record ShiftOpenedBody(String orgId, String clubId, String shiftId, Instant openedAt, boolean visible) {
    }

    record ShiftClosedBody(String orgId, String clubId, String shiftId, Instant openedAt, Instant closedAt, boolean visible) {
    }

    record OpenShiftRequest(String shiftId, String openedAt, String actor) {
    }

    record CloseShiftRequest(String closedAt, String actor) {
    }
}
