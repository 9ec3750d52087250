package ledger.report.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ledger.report.domain.Shift;
import ledger.report.domain.ShiftReport;
import org.junit.jupiter.api.Test;

/** The finance page's HTML and its chart, without a browser (the browser test looks at the rendered result). */
class ShiftPageTest {

    private static final ShiftReport REPORT = Reports.financeShift();
    private static final Instant NOW = Instant.parse("2026-05-04T10:00:00Z");

    @Test
    void isUtf8AndEscapesEverythingFromOutside() {
        final String html = ShiftPage.render(REPORT, ZoneOffset.UTC, NOW, "csrf-token");

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<meta charset=\"utf-8\">");
        assertThat(html).doesNotContain("<script").doesNotContain("alert('x')")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;Мария");
        assertThat(html).contains("=1+2;&quot;q&quot;").contains("Иван Петров").contains("Тестовый клиент");
    }

    @Test
    void showsLiveAndTestTotalsInSeparateLabelledSections() {
        final String html = ShiftPage.render(REPORT, ZoneOffset.UTC, NOW, "csrf-token");
        final String live = between(html, "<section id=\"totals-live\"", "</section>");
        final String test = between(html, "<section id=\"totals-test\"", "</section>");

        assertThat(live).contains("<h2>Live money</h2>").contains("<td class=\"num gross\">2500.50</td>")
                .contains("<td class=\"num net\">2400.50</td>").contains("<td class=\"num fees\">57.20</td>")
                .contains("data-currency=\"USD\"").doesNotContain("999.00");
        assertThat(test).contains("Test mode — not real money").contains("<td class=\"num gross\">999.00</td>")
                .doesNotContain("2500.50");
    }

    @Test
    void showsPayoutsAndTestPaymentsWhileLiveApartFromTheClubsMoney() {
        final String html = ShiftPage.render(REPORT, ZoneOffset.UTC, NOW, "csrf-token");
        final String live = between(html, "<section id=\"totals-live\"", "</section>");
        final String test = between(html, "<section id=\"totals-test\"", "</section>");
        final String list = between(html, "<section id=\"payments\"", "</section>");

        assertThat(live).contains("<th class=\"num\">Payouts</th><th class=\"num\">Paid out</th>")
                .contains("<td class=\"num payouts\">1</td><td class=\"num paid-out\">200.00</td>")
                .contains("<td class=\"num net\">2400.50</td>").doesNotContain("Test payments while live");
        assertThat(test).contains("<th class=\"num\">Test payments while live</th>")
                .contains("<td class=\"num test-in-live\">1</td>").contains("<td class=\"num gross\">999.00</td>");
        assertThat(html).contains("<p class=\"apart\" id=\"apart-notice\">Payouts are money paid out to cards: not top-ups,"
                + " not refunds, not in net. Test payments while live");
        assertThat(list).contains("Payout <span class=\"small\">PAY</span>")
                .contains("<td class=\"num amount\">200.00 RUB</td>")
                .contains("Test payment while live <span class=\"small\">PAY</span>")
                .contains("<td class=\"num amount muted\">50.00 RUB</td>");
    }

    @Test
    void listsEveryPaymentWithItsMarks() {
        final String html = ShiftPage.render(REPORT, ZoneOffset.UTC, NOW, "csrf-token");
        final String list = between(html, "<section id=\"payments\"", "</section>");

        assertThat(count(list, "<tr class=\"line")).isEqualTo(10);
        assertThat(list).contains("<tr class=\"line test\" data-transaction=\"1005\">")
                .contains("<tr class=\"line amended\" data-transaction=\"1007\">")
                .contains("−100.00 RUB").contains("refund of 1001").contains("411111******1111")
                .contains("<td class=\"num amount muted\">300.00 RUB</td>");
        assertThat(html).contains("id=\"shift-amended\"").contains("id=\"amended-notice\"");
    }

    @Test
    void linksToTheCsvAndJsonInTheSameZone() {
        assertThat(ShiftPage.render(REPORT, ZoneOffset.UTC, NOW, "csrf-token"))
                .contains("href=\"/orgs/org-1/shifts/shift-fin/report.csv\"")
                .contains("href=\"/orgs/org-1/shifts/shift-fin/report\"");
        assertThat(ShiftPage.render(REPORT, ZoneId.of("Europe/Moscow"), NOW, "csrf-token"))
                .contains("href=\"/orgs/org-1/shifts/shift-fin/report.csv?tz=Europe%2FMoscow\"")
                .contains("<dt>Opened</dt><dd>2026-05-01 11:00:00</dd>");
    }

    @Test
    void theChartHasOneBarPerHourWithPaymentsAndTheBarsAddUpToTheList() {
        final String svg = HourlyChart.svg(REPORT, ZoneOffset.UTC);
        final Matcher bars = Pattern.compile("<g class=\"bar\" data-hour=\"([^\"]+)\" data-count=\"(\\d+)\">").matcher(svg);
        int total = 0;
        final List<String> hours = new java.util.ArrayList<>();
        while (bars.find()) {
            hours.add(bars.group(1));
            total += Integer.parseInt(bars.group(2));
        }

        assertThat(hours).containsExactly("2026-05-01 08:00", "2026-05-01 09:00", "2026-05-01 10:00",
                "2026-05-01 11:00", "2026-05-01 12:00");
        assertThat(total).isEqualTo(REPORT.lines().size());
        assertThat(count(svg, "<rect class=\"test\"")).isEqualTo(1);
        // Six hour slots, 08:00 to 13:00: the shift closed at 14:00.
        assertThat(HourlyChart.slots(REPORT, ZoneOffset.UTC)).hasSize(6);
    }

    @Test
    void theChartFollowsTheZoneAndCompressesVeryLongShifts() {
        assertThat(HourlyChart.slots(REPORT, ZoneId.of("Asia/Kolkata")).get(0).start().toString())
                .isEqualTo("2026-05-01T13:00+05:30[Asia/Kolkata]");

        final Shift week = new Shift("org-1", "long", "club-7", Reports.T0, Reports.T0.plusSeconds(7 * 24 * 3600), null, null);
        final ShiftReport longShift = ShiftReport.of(week, List.of(
                Reports.pay(1, "a", 100, "RUB", Reports.at(1, 0), false, null),
                Reports.pay(2, "b", 100, "RUB", Reports.at(100, 0), false, null)));
        assertThat(HourlyChart.slots(longShift, ZoneOffset.UTC)).hasSize(2);
    }

    @Test
    void anEmptyShiftSaysSo() {
        final ShiftReport empty = ShiftReport.of(new Shift("org-1", "s", "c", Reports.T0, null, null, null), List.of());
        final String html = ShiftPage.render(empty, ZoneOffset.UTC, NOW, "csrf-token");

        assertThat(html).contains("No live payments in this shift.").contains("No test-mode payments in this shift.")
                .contains("Payments (0)").contains("still open").doesNotContain("<svg").doesNotContain("apart-notice");
    }

    @Test
    void signInAndErrorPagesEscapeToo() {
        assertThat(Pages.login("/orgs/a/shifts/b?tz=\"x", "That key is <not> valid.", "n\"once")).contains("value=\"/orgs/a/shifts/b?tz=&quot;x\"")
                .contains("That key is &lt;not&gt; valid.").contains("type=\"password\"").contains("value=\"n&quot;once\"");
        assertThat(Pages.error(404, "no shift <b>")).contains("no shift &lt;b&gt;").doesNotContain("<b>");
    }

    private static String between(final String html, final String start, final String end) {
        final int from = html.indexOf(start);
        assertThat(from).as(start).isNotNegative();
        return html.substring(from, html.indexOf(end, from));
    }

    private static int count(final String text, final String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }
}
