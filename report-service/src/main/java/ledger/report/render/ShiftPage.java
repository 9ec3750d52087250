package ledger.report.render;

import static ledger.report.render.Html.escape;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

import ledger.report.domain.Category;
import ledger.report.domain.CurrencyTotals;
import ledger.report.domain.ReportLine;
import ledger.report.domain.Shift;
import ledger.report.domain.ShiftReport;

/**
 * The shift report as a page for finance: the shift's facts, its totals per currency with live and test money in
 * separate, differently coloured sections, the payments by hour, and the payment list. Payouts to cards and test
 * payments while live have their own columns and labels, and a sentence says why they are not in net. Every value is
 * escaped; times are in the zone the reader asked for, which the page names.
 */
public final class ShiftPage {

    private ShiftPage() {
    }

    public static String render(final ShiftReport report, final ZoneId zone, final Instant generatedAt, final String csrf) {
        final Shift shift = report.shift();
        final StringBuilder body = new StringBuilder(16_384);
        header(body, report, zone);
        totals(body, "totals-live", "totals live", "Live money", report.totals().live(),
                "No live payments in this shift.", false);
        totals(body, "totals-test", "totals test", "Test mode — not real money", report.totals().test(),
                "No test-mode payments in this shift.", true);
        apart(body, report);
        body.append("<section id=\"chart\"><h2>Payments by hour (").append(escape(Display.zone(zone))).append(")</h2>")
                .append("<div class=\"legend\"><span><i style=\"background:#2f6fb0\"></i>live</span>")
                .append("<span><i style=\"background:#d98a1c\"></i>test mode</span></div>")
                .append(HourlyChart.svg(report, zone)).append("</section>\n");
        payments(body, report, zone);
        body.append("<footer>Generated ").append(escape(Display.time(generatedAt, zone))).append(' ').append(escape(Display.zone(zone)))
                .append(". Payment type of every line: ").append(ReportLine.PAYMENT_TYPE_APP)
                .append(". Amounts in currency units; refunds shown negative in the list.</footer>\n");
        return Pages.page("Shift " + shift.shiftId() + " · " + shift.clubId() + " · shift report", csrf, body.toString());
    }

    private static void header(final StringBuilder body, final ShiftReport report, final ZoneId zone) {
        final Shift shift = report.shift();
        final String status = shift.status().name();
        body.append("<h1>Shift <span id=\"shift-id\">").append(escape(shift.shiftId())).append("</span> ")
                .append("<span class=\"badge ").append(status.toLowerCase(java.util.Locale.ROOT)).append("\" id=\"shift-status\">")
                .append(status).append("</span>");
        if (report.amended()) {
            body.append(" <span class=\"badge amended\" id=\"shift-amended\">AMENDED</span>");
        }
        body.append("</h1>\n<section id=\"shift\"><dl class=\"facts\">");
        fact(body, "Organization", shift.orgId());
        fact(body, "Club", shift.clubId());
        fact(body, "Opened", Display.time(shift.openedAt(), zone));
        fact(body, "Closed", shift.closedAt() == null ? "still open" : Display.time(shift.closedAt(), zone));
        fact(body, "Opened by", shift.openedBy() == null ? "—" : shift.openedBy());
        fact(body, "Closed by", shift.closedBy() == null ? "—" : shift.closedBy());
        fact(body, "Time zone", Display.zone(zone));
        fact(body, "Amended", report.amended() ? "yes" : "no");
        body.append("</dl>");
        if (report.amended()) {
            body.append("<p class=\"notice\" id=\"amended-notice\">Amended: payments reached the report after the shift"
                    + " was closed, the last at ").append(escape(Display.time(report.lastAmendedAt(), zone)))
                    .append(". They are included below and marked.</p>");
        }
        final String base = "/orgs/" + encode(shift.orgId()) + "/shifts/" + encode(shift.shiftId()) + "/report";
        final String query = ZoneOffset.UTC.equals(zone) ? "" : "?tz=" + encode(zone.getId());
        body.append("<p class=\"downloads\"><a id=\"download-csv\" href=\"").append(escape(base + ".csv" + query))
                .append("\">Download CSV for Excel</a> · <a id=\"download-json\" href=\"").append(escape(base))
                .append("\">JSON</a></p></section>\n");
    }

    private static void fact(final StringBuilder body, final String name, final String value) {
        body.append("<dt>").append(escape(name)).append("</dt><dd>").append(escape(value)).append("</dd>");
    }

    /**
     * A table of one section's totals. Test payments while live are test-mode lines, so only the test section has
     * their column.
     */
    private static void totals(final StringBuilder body, final String id, final String cssClass, final String title,
                               final SortedMap<String, CurrencyTotals> section, final String empty, final boolean testInLive) {
        body.append("<section id=\"").append(id).append("\" class=\"").append(cssClass).append("\"><h2>")
                .append(escape(title)).append("</h2>");
        if (section.isEmpty()) {
            body.append("<p class=\"empty\">").append(escape(empty)).append("</p></section>\n");
            return;
        }
        body.append("<table><thead><tr><th>Currency</th><th class=\"num\">App top-ups</th><th class=\"num\">Gross</th>")
                .append("<th class=\"num\">Refunds</th><th class=\"num\">Refunded</th><th class=\"num\">Net</th>")
                .append("<th class=\"num\">Fees</th><th class=\"num\">Failed attempts</th>")
                .append("<th class=\"num\">Payouts</th><th class=\"num\">Paid out</th>");
        if (testInLive) {
            body.append("<th class=\"num\">Test payments while live</th>");
        }
        body.append("</tr></thead><tbody>");
        for (final CurrencyTotals t : section.values()) {
            final String c = t.currency();
            body.append("<tr data-currency=\"").append(escape(c)).append("\"><td>").append(escape(c)).append("</td>")
                    .append(num(Long.toString(t.topUpCount()), "top-ups"))
                    .append(num(Display.amount(t.grossMinor(), c), "gross"))
                    .append(num(Long.toString(t.refundCount()), "refund-count"))
                    .append(num(Display.amount(t.refundsMinor(), c), "refunded"))
                    .append(num(Display.amount(t.netMinor(), c), "net"))
                    .append(num(Display.amount(t.feesMinor(), c), "fees"))
                    .append(num(Long.toString(t.failedCount()), "failed"))
                    .append(num(Long.toString(t.payoutCount()), "payouts"))
                    .append(num(Display.amount(t.payoutsMinor(), c), "paid-out"));
            if (testInLive) {
                body.append(num(Long.toString(t.testInLiveCount()), "test-in-live"));
            }
            body.append("</tr>");
        }
        body.append("</tbody></table></section>\n");
    }

    /** When the shift has payouts or test payments while live, a sentence on why they are not in net. */
    private static void apart(final StringBuilder body, final ShiftReport report) {
        final List<String> sentences = new ArrayList<>();
        if (report.lines().stream().anyMatch(line -> line.category() == Category.PAYOUT)) {
            sentences.add("Payouts are money paid out to cards: not top-ups, not refunds, not in net.");
        }
        if (report.lines().stream().anyMatch(line -> line.category() == Category.TEST_IN_LIVE)) {
            sentences.add("Test payments while live were made in test mode after the organization went live:"
                    + " listed and counted, never money.");
        }
        if (!sentences.isEmpty()) {
            body.append("<p class=\"apart\" id=\"apart-notice\">").append(escape(String.join(" ", sentences))).append("</p>\n");
        }
    }

    private static String num(final String value, final String name) {
        return "<td class=\"num " + name + "\">" + escape(value) + "</td>";
    }

    private static void payments(final StringBuilder body, final ShiftReport report, final ZoneId zone) {
        body.append("<section id=\"payments\"><h2>Payments (").append(report.lines().size()).append(")</h2>");
        if (report.lines().isEmpty()) {
            body.append("<p class=\"empty\">No payments in this shift.</p></section>\n");
            return;
        }
        body.append("<table><thead><tr><th>Time</th><th>Customer</th><th>Transaction</th><th>Card</th><th>Type</th>")
                .append("<th>Status</th><th class=\"num\">Amount</th><th>Marks</th></tr></thead><tbody>");
        for (final ReportLine line : report.lines()) {
            final String currency = Display.currency(line);
            final boolean refund = line.category() == Category.REFUND;
            final String amount = (refund ? "−" : "") + Display.amount(line.amountMinor(), currency) + " " + currency;
            final String rowClass = "line" + (line.test() ? " test" : "") + (line.amended() ? " amended" : "");
            body.append("<tr class=\"").append(rowClass).append("\"");
            if (line.transactionId() != null) {
                body.append(" data-transaction=\"").append(line.transactionId()).append("\"");
            }
            body.append("><td>").append(escape(Display.time(line.time(), zone))).append("</td>")
                    .append("<td class=\"wrap customer\">").append(escape(line.customerId() == null ? "—" : line.customerId())).append("</td>")
                    .append("<td>").append(line.transactionId() == null ? "—" : line.transactionId());
            if (line.paymentTransactionId() != null) {
                body.append(" <span class=\"small\">refund of ").append(line.paymentTransactionId()).append("</span>");
            }
            body.append("</td><td>").append(escape(line.card() == null ? "—" : line.card()));
            if (line.cardType() != null) {
                body.append(" <span class=\"small\">").append(escape(line.cardType())).append("</span>");
            }
            body.append("</td><td class=\"type\">").append(escape(Display.category(line.category())))
                    .append(" <span class=\"small\">").append(escape(line.kind().name())).append("</span></td>")
                    .append("<td class=\"wrap\">").append(escape(line.status() == null ? "—" : line.status()));
            if (line.reason() != null) {
                body.append(" <span class=\"small\">").append(escape(line.reason())).append("</span>");
            }
            // A payout moved money, only not the club's: shown plainly. Other lines that are not money are struck out.
            final boolean struck = !line.category().isMoney() && line.category() != Category.PAYOUT;
            body.append("</td><td class=\"num amount").append(struck ? " muted" : "").append("\">")
                    .append(escape(amount)).append("</td><td>");
            if (line.test()) {
                body.append("<span class=\"mark test\">TEST</span> ");
            }
            if (line.amended()) {
                body.append("<span class=\"mark amended\" title=\"arrived after the shift was closed, at ")
                        .append(escape(Display.time(line.amendedAt(), zone))).append("\">AMENDED</span>");
            }
            body.append("</td></tr>");
        }
        body.append("</tbody></table></section>\n");
    }

    private static String encode(final String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
