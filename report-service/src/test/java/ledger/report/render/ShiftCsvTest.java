package ledger.report.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import ledger.report.domain.Shift;
import ledger.report.domain.ShiftReport;
import org.junit.jupiter.api.Test;

/** The shift report and club list as CSV: layout, zone, injection, and columns that sum to the totals. */
class ShiftCsvTest {

    private static final ShiftReport REPORT = Reports.financeShift();

    @Test
    void startsWithTheShiftsFactsThenTotalsWithLiveAndTestApart() {
        final List<List<String>> rows = Reports.read(ShiftCsv.shift(REPORT, ZoneOffset.UTC).toBytes());

        assertThat(rows.get(0)).containsExactly("Organization", "org-1");
        assertThat(rows.get(2)).containsExactly("Shift", "shift-fin");
        assertThat(rows.get(3)).containsExactly("Status", "CLOSED");
        assertThat(rows.get(4)).containsExactly("Opened at (UTC)", "2026-05-01 08:00:00");
        assertThat(rows.get(5)).containsExactly("Closed at (UTC)", "2026-05-01 14:00:00");
        assertThat(rows.get(6)).containsExactly("Opened by", "Анна");
        assertThat(rows.get(8)).containsExactly("Amended after closing", "yes");
        assertThat(rows.get(9)).containsExactly("Last amended at (UTC)", "2026-05-01 15:00:00");
        assertThat(rows.get(11)).isEmpty();

        final int totals = rows.indexOf(List.of("Totals", "Currency", "Top-ups", "Gross", "Refund count", "Refunded",
                "Net", "Fees", "Failed attempts", "Payouts", "Paid out", "Test payments while live"));
        assertThat(totals).isEqualTo(12);
        assertThat(rows.get(totals + 1)).containsExactly("live", "RUB", "4", "2500,50", "1", "100,00", "2400,50", "57,20", "1",
                "1", "200,00", "0");
        assertThat(rows.get(totals + 2)).containsExactly("live", "USD", "1", "10,00", "0", "0,00", "10,00", "0,00", "0",
                "0", "0,00", "0");
        assertThat(rows.get(totals + 3)).containsExactly("test (not real money)", "RUB", "1", "999,00", "0", "0,00", "999,00",
                "0,00", "0", "0", "0,00", "1");
        assertThat(rows.get(totals + 4)).isEmpty();
    }

    @Test
    void livePaymentColumnsSumToTheLiveTotalsPerCurrency() {
        final List<List<String>> rows = Reports.read(ShiftCsv.shift(REPORT, ZoneOffset.UTC).toBytes());
        final int header = header(rows);
        final List<List<String>> lines = rows.subList(header + 1, rows.size());
        assertThat(lines).hasSize(10);

        assertThat(sum(rows, lines, "Top-up", "RUB")).isEqualByComparingTo("2500.50");
        assertThat(sum(rows, lines, "Refund", "RUB")).isEqualByComparingTo("100.00");
        assertThat(sum(rows, lines, "Net", "RUB")).isEqualByComparingTo("2400.50");
        assertThat(sum(rows, lines, "Fee", "RUB")).isEqualByComparingTo("57.20");
        assertThat(sum(rows, lines, "Net", "USD")).isEqualByComparingTo("10.00");
        assertThat(sum(rows, lines, "Payout", "RUB")).isEqualByComparingTo("200.00");
    }

    @Test
    void aPayoutIsInThePayoutColumnAndNeverInTopUpRefundOrNet() {
        final List<List<String>> rows = Reports.read(ShiftCsv.shift(REPORT, ZoneOffset.UTC).toBytes());
        final List<String> header = rows.get(header(rows));
        final List<String> payout = line(rows, "1008");

        assertThat(col(payout, header, "Category")).isEqualTo("Payout");
        assertThat(col(payout, header, "Mode")).isEqualTo("live");
        assertThat(col(payout, header, "Amount")).isEqualTo("200,00");
        assertThat(col(payout, header, "Payout")).isEqualTo("200,00");
        assertThat(List.of(col(payout, header, "Top-up"), col(payout, header, "Refund"), col(payout, header, "Net"),
                col(payout, header, "Fee"))).containsOnly("");
    }

    @Test
    void aTestPaymentWhileLiveIsListedWithItsLabelAndNoMoney() {
        final List<List<String>> rows = Reports.read(ShiftCsv.shift(REPORT, ZoneOffset.UTC).toBytes());
        final List<String> header = rows.get(header(rows));
        final List<String> testWhileLive = line(rows, "1009");

        assertThat(col(testWhileLive, header, "Category")).isEqualTo("Test payment while live");
        assertThat(col(testWhileLive, header, "Mode")).isEqualTo("test");
        assertThat(col(testWhileLive, header, "Amount")).isEqualTo("50,00");
        assertThat(List.of(col(testWhileLive, header, "Top-up"), col(testWhileLive, header, "Refund"),
                col(testWhileLive, header, "Net"), col(testWhileLive, header, "Fee"), col(testWhileLive, header, "Payout")))
                .containsOnly("");
    }

    @Test
    void aTestLineShowsItsAmountButNoLiveMoney() {
        final List<List<String>> rows = Reports.read(ShiftCsv.shift(REPORT, ZoneOffset.UTC).toBytes());
        final List<String> header = rows.get(header(rows));
        final List<String> test = line(rows, "1005");

        assertThat(test.get(header.indexOf("Mode"))).isEqualTo("test");
        assertThat(test.get(header.indexOf("Amount"))).isEqualTo("999,00");
        assertThat(List.of(col(test, header, "Top-up"), col(test, header, "Refund"), col(test, header, "Net"),
                col(test, header, "Fee"))).containsOnly("");
    }

    @Test
    void paymentLinesCarryEverythingFinanceNeeds() {
        final List<List<String>> rows = Reports.read(ShiftCsv.shift(REPORT, ZoneOffset.UTC).toBytes());
        final List<String> header = rows.get(header(rows));

        assertThat(header).containsExactly("Time (UTC)", "Mode", "Payment type", "Category", "Kind", "Status", "Customer",
                "Transaction", "Refund of", "Card", "Card type", "Currency", "Amount", "Top-up", "Refund", "Net", "Fee",
                "Payout", "Amended at (UTC)", "Reason");
        assertThat(line(rows, "1001")).containsExactly("2026-05-01 08:15:00", "live", "App", "Top-up", "PAY", "Completed",
                "Иван Петров", "1001", "", "411111******1111", "Visa", "RUB", "1500,00", "1500,00", "", "1500,00", "39,00", "", "", "");
        assertThat(line(rows, "2001")).containsExactly("2026-05-01 10:05:00", "live", "App", "Refund", "REFUND", "",
                "Иван Петров", "2001", "1001", "", "", "RUB", "100,00", "", "100,00", "-100,00", "", "", "", "");
        final List<String> failed = line(rows, "1004");
        assertThat(col(failed, header, "Category")).isEqualTo("Failed");
        assertThat(col(failed, header, "Amount")).isEqualTo("300,00");
        assertThat(col(failed, header, "Net")).isEmpty();
        assertThat(col(failed, header, "Reason")).isEqualTo("InsufficientFunds");
        assertThat(col(line(rows, "1007"), header, "Amended at (UTC)")).isEqualTo("2026-05-01 15:00:00");
    }

    @Test
    void customerIdsFromOutsideCannotRunAsFormulas() {
        final String csv = ShiftCsv.shift(REPORT, ZoneOffset.UTC).toString();
        final List<List<String>> rows = Reports.read(ShiftCsv.shift(REPORT, ZoneOffset.UTC).toBytes());
        final List<String> header = rows.get(header(rows));

        assertThat(col(line(rows, "1006"), header, "Customer")).isEqualTo("'=1+2;\"q\"");
        assertThat(csv).contains(";\"'=1+2;\"\"q\"\"\";").doesNotContain(";=1+2");
        assertThat(col(line(rows, "1004"), header, "Customer")).isEqualTo("<script>alert('x')</script>Мария");
    }

    @Test
    void timesAreInTheRequestedZoneAndSaySo() {
        final List<List<String>> rows = Reports.read(ShiftCsv.shift(REPORT, ZoneId.of("Europe/Moscow")).toBytes());

        assertThat(rows.get(4)).containsExactly("Opened at (Europe/Moscow)", "2026-05-01 11:00:00");
        assertThat(rows.get(header(rows)).get(0)).isEqualTo("Time (Europe/Moscow)");
        assertThat(line(rows, "1001").get(0)).isEqualTo("2026-05-01 11:15:00");
    }

    @Test
    void theClubListHasOneRowPerShiftAndCurrencyWithLiveAndTestColumnsApart() {
        final ShiftReport empty = ShiftReport.of(new Shift("org-1", "shift-next", "club-7",
                Reports.T0.plusSeconds(7 * 3600), null, null, null), List.of());
        final List<List<String>> rows = Reports.read(ShiftCsv.clubShifts("club-7", List.of(REPORT, empty), ZoneOffset.UTC).toBytes());

        assertThat(rows.get(0)).containsExactly("Club", "Shift", "Status", "Opened at (UTC)", "Closed at (UTC)",
                "Amended after closing", "Currency", "Top-ups", "Gross", "Refund count", "Refunded", "Net", "Fees",
                "Failed attempts", "Payouts", "Paid out", "Test top-ups", "Test gross", "Test refund count", "Test refunded",
                "Test net", "Test fees", "Test failed attempts", "Test payouts", "Test paid out", "Test payments while live");
        assertThat(rows.get(1)).containsExactly("club-7", "shift-fin", "CLOSED", "2026-05-01 08:00:00", "2026-05-01 14:00:00",
                "yes", "RUB", "4", "2500,50", "1", "100,00", "2400,50", "57,20", "1", "1", "200,00",
                "1", "999,00", "0", "0,00", "999,00", "0,00", "0", "0", "0,00", "1");
        assertThat(rows.get(2)).containsExactly("club-7", "shift-fin", "CLOSED", "2026-05-01 08:00:00", "2026-05-01 14:00:00",
                "yes", "USD", "1", "10,00", "0", "0,00", "10,00", "0,00", "0", "0", "0,00", "", "", "", "", "", "", "", "", "", "");
        assertThat(rows.get(3)).containsExactly("club-7", "shift-next", "OPEN", "2026-05-01 15:00:00", "", "no", "");
        assertThat(rows).hasSize(4);
    }

    @Test
    void fileNamesAreSafeOnEveryDesktop() {
        assertThat(ShiftCsv.shiftFileName("2026:05:01-a")).isEqualTo("shift-2026_05_01-a.csv");
        assertThat(ShiftCsv.clubFileName("club:1", LocalDate.parse("2026-05-01"), LocalDate.parse("2026-05-31")))
                .isEqualTo("club-club_1-shifts-2026-05-01-to-2026-05-31.csv");
    }

    private static int header(final List<List<String>> rows) {
        for (int i = 0; i < rows.size(); i++) {
            if (!rows.get(i).isEmpty() && rows.get(i).get(0).startsWith("Time (")) {
                return i;
            }
        }
        throw new AssertionError("no payment header");
    }

    private static List<String> line(final List<List<String>> rows, final String transaction) {
        final List<String> header = rows.get(header(rows));
        return rows.subList(header(rows) + 1, rows.size()).stream()
                .filter(row -> row.get(header.indexOf("Transaction")).equals(transaction))
                .findFirst().orElseThrow();
    }

    private static String col(final List<String> row, final List<String> header, final String column) {
        return row.get(header.indexOf(column));
    }

    /** What Excel's SUMIF over a column gives for one currency (decimal comma, empty cells ignored). */
    private static BigDecimal sum(final List<List<String>> rows, final List<List<String>> lines, final String column,
                                  final String currency) {
        final List<String> header = rows.get(header(rows));
        return lines.stream()
                .filter(row -> col(row, header, "Currency").equals(currency))
                .map(row -> col(row, header, column))
                .filter(value -> !value.isEmpty())
                .map(value -> new BigDecimal(value.replace(',', '.')))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
