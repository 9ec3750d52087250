package ledger.report.render;

import static ledger.report.render.Csv.decimal;
import static ledger.report.render.Csv.empty;
import static ledger.report.render.Csv.number;
import static ledger.report.render.Csv.text;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeSet;

import ledger.report.domain.Category;
import ledger.report.domain.CurrencyTotals;
import ledger.report.domain.ReportLine;
import ledger.report.domain.Shift;
import ledger.report.domain.ShiftReport;
import ledger.report.render.Csv.Cell;

/**
 * Shift reports as CSV for Excel (the encoding, separator and quoting are {@link Csv}'s). Times are in the zone the
 * reader asked for, named in each time column's header; amounts are decimals in the currency's scale.
 *
 * <p>Designed so finance can sum columns:
 * <ul>
 *   <li>One shift ({@link #shift}): a block of shift facts, an empty row, the totals block (one row per live and
 *       per test currency), an empty row, then the payment table with one line per transaction. In the payment
 *       table, {@code Top-up}, {@code Refund}, {@code Net}, {@code Fee} and {@code Payout} hold <em>live</em> money
 *       only, so their sums per currency equal the live totals above; a test-mode line shows its amount in
 *       {@code Amount} only, marked {@code test} in {@code Mode}. {@code Amount} is what the notification carried, for
 *       every line. A payout to a card is in {@code Payout}, never in {@code Top-up}, {@code Refund} or {@code Net};
 *       a test payment while live is a test-mode line, so it shows its amount in {@code Amount} only.</li>
 *   <li>A club's shifts ({@link #clubShifts}): one table, header on the first row, one row per shift and currency,
 *       live columns first and test columns apart (prefixed {@code Test}), so summing a live column over all rows
 *       of a currency gives the period's live total. Test payments while live are test-mode lines, so they have a
 *       column in the test group only. A shift without any money has one row without a currency.</li>
 * </ul>
 * The payout and test-while-live columns came after the others of their block (in the payment table right after
 * {@code Fee}), so the columns before them kept their positions.
 */
public final class ShiftCsv {

    /** The totals of one section; the shift's totals block adds {@link #TEST_IN_LIVE_COLUMN}. */
    private static final List<String> TOTAL_COLUMNS = List.of(
            "Top-ups", "Gross", "Refund count", "Refunded", "Net", "Fees", "Failed attempts", "Payouts", "Paid out");
    private static final String TEST_IN_LIVE_COLUMN = "Test payments while live";

    private ShiftCsv() {
    }

    public static Csv shift(final ShiftReport report, final ZoneId zone) {
        final Shift shift = report.shift();
        final String tz = " (" + Display.zone(zone) + ")";
        final Csv csv = new Csv();
        csv.row(text("Organization"), text(shift.orgId()));
        csv.row(text("Club"), text(shift.clubId()));
        csv.row(text("Shift"), text(shift.shiftId()));
        csv.row(text("Status"), text(shift.status().name()));
        csv.row(text("Opened at" + tz), text(Display.time(shift.openedAt(), zone)));
        csv.row(text("Closed at" + tz), text(Display.time(shift.closedAt(), zone)));
        csv.row(text("Opened by"), text(shift.openedBy()));
        csv.row(text("Closed by"), text(shift.closedBy()));
        csv.row(text("Amended after closing"), text(report.amended() ? "yes" : "no"));
        csv.row(text("Last amended at" + tz), text(Display.time(report.lastAmendedAt(), zone)));
        csv.row(text("Payment type"), text(ReportLine.PAYMENT_TYPE_APP));
        csv.blankRow();

        final List<Cell> totalsHeader = new ArrayList<>(List.of(text("Totals"), text("Currency")));
        TOTAL_COLUMNS.forEach(column -> totalsHeader.add(text(column)));
        totalsHeader.add(text(TEST_IN_LIVE_COLUMN));
        csv.row(totalsHeader);
        report.totals().live().values().forEach(t -> csv.row(totalsRow("live", t)));
        report.totals().test().values().forEach(t -> csv.row(totalsRow("test (not real money)", t)));
        csv.blankRow();

        csv.row(text("Time" + tz), text("Mode"), text("Payment type"), text("Category"), text("Kind"), text("Status"),
                text("Customer"), text("Transaction"), text("Refund of"), text("Card"), text("Card type"),
                text("Currency"), text("Amount"), text("Top-up"), text("Refund"), text("Net"), text("Fee"),
                text("Payout"), text("Amended at" + tz), text("Reason"));
        for (final ReportLine line : report.lines()) {
            csv.row(paymentRow(line, zone));
        }
        return csv;
    }

    public static Csv clubShifts(final String clubId, final List<ShiftReport> reports, final ZoneId zone) {
        final String tz = " (" + Display.zone(zone) + ")";
        final List<Cell> header = new ArrayList<>(List.of(text("Club"), text("Shift"), text("Status"),
                text("Opened at" + tz), text("Closed at" + tz), text("Amended after closing"), text("Currency")));
        TOTAL_COLUMNS.forEach(column -> header.add(text(column)));
        TOTAL_COLUMNS.forEach(column -> header.add(text("Test " + column.substring(0, 1).toLowerCase() + column.substring(1))));
        header.add(text(TEST_IN_LIVE_COLUMN));
        final Csv csv = new Csv().row(header);
        for (final ShiftReport report : reports) {
            final Shift shift = report.shift();
            final List<Cell> facts = List.of(text(clubId), text(shift.shiftId()), text(shift.status().name()),
                    text(Display.time(shift.openedAt(), zone)), text(Display.time(shift.closedAt(), zone)),
                    text(report.amended() ? "yes" : "no"));
            final TreeSet<String> currencies = new TreeSet<>(report.totals().live().keySet());
            currencies.addAll(report.totals().test().keySet());
            if (currencies.isEmpty()) {
                final List<Cell> row = new ArrayList<>(facts);
                row.add(empty());
                csv.row(row);
                continue;
            }
            for (final String currency : currencies) {
                final List<Cell> row = new ArrayList<>(facts);
                row.add(text(currency));
                row.addAll(totalCells(report.totals().live(), currency));
                row.addAll(totalCells(report.totals().test(), currency));
                final CurrencyTotals test = report.totals().test().get(currency);
                row.add(test == null ? empty() : number(test.testInLiveCount()));
                csv.row(row);
            }
        }
        return csv;
    }

    /** {@code shift-<id>.csv}, with characters Windows refuses in file names replaced. */
    public static String shiftFileName(final String shiftId) {
        return "shift-" + safe(shiftId) + ".csv";
    }

    public static String clubFileName(final String clubId, final LocalDate from, final LocalDate to) {
        return "club-" + safe(clubId) + "-shifts-" + from + "-to-" + to + ".csv";
    }

    private static String safe(final String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static List<Cell> totalsRow(final String mode, final CurrencyTotals t) {
        final List<Cell> row = new ArrayList<>(List.of(text(mode), text(t.currency())));
        row.addAll(totalCells(t));
        row.add(number(t.testInLiveCount()));
        return row;
    }

    private static List<Cell> totalCells(final SortedMap<String, CurrencyTotals> section, final String currency) {
        final CurrencyTotals t = section.get(currency);
        if (t == null) {
            return TOTAL_COLUMNS.stream().map(column -> empty()).toList();
        }
        return totalCells(t);
    }

    private static List<Cell> totalCells(final CurrencyTotals t) {
        final String c = t.currency();
        return List.of(number(t.topUpCount()), decimal(Display.amount(t.grossMinor(), c)), number(t.refundCount()),
                decimal(Display.amount(t.refundsMinor(), c)), decimal(Display.amount(t.netMinor(), c)),
                decimal(Display.amount(t.feesMinor(), c)), number(t.failedCount()), number(t.payoutCount()),
                decimal(Display.amount(t.payoutsMinor(), c)));
    }

    private static List<Cell> paymentRow(final ReportLine line, final ZoneId zone) {
        final String currency = Display.currency(line);
        final boolean liveMoney = !line.test() && line.category().isMoney();
        final Cell amount = decimal(Display.amount(line.amountMinor(), currency));
        final Cell topUp = liveMoney && line.category() == Category.TOP_UP ? amount : empty();
        final Cell refund = liveMoney && line.category() == Category.REFUND ? amount : empty();
        final Cell net = liveMoney
                ? decimal(Display.amount(line.category() == Category.REFUND ? -line.amountMinor() : line.amountMinor(), currency))
                : empty();
        final Cell fee = liveMoney && line.feeMinor() != null ? decimal(Display.amount(line.feeMinor(), currency)) : empty();
        final Cell payout = !line.test() && line.category() == Category.PAYOUT ? amount : empty();
        return List.of(
                text(Display.time(line.time(), zone)),
                text(Display.mode(line.test())),
                text(line.paymentType()),
                text(Display.category(line.category())),
                text(line.kind().name()),
                text(line.status()),
                text(line.customerId()),
                line.transactionId() == null ? empty() : number(line.transactionId()),
                line.paymentTransactionId() == null ? empty() : number(line.paymentTransactionId()),
                text(line.card()),
                text(line.cardType()),
                text(currency),
                amount, topUp, refund, net, fee,
                payout,
                text(Display.time(line.amendedAt(), zone)),
                text(line.reason()));
    }
}
