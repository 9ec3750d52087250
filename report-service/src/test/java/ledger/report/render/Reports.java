package ledger.report.render;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import ledger.report.domain.Kind;
import ledger.report.domain.OrgMode;
import ledger.report.domain.Payment;
import ledger.report.domain.Shift;
import ledger.report.domain.ShiftReport;

/** Reports built from payments for the render tests, and a CSV reader to check what Excel would see. */
final class Reports {

    static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");

    private Reports() {
    }

    /** The finance shift's story (see {@code FinanceShift}) as pure domain data: 10 lines, hours 08-12 UTC. */
    static ShiftReport financeShift() {
        final Shift shift = new Shift("org-1", "shift-fin", "club-7", T0, T0.plusSeconds(6 * 3600), "Анна", null);
        return ShiftReport.of(shift, List.of(
                pay(1001, "Иван Петров", 150_000, "RUB", at(0, 15), false, 3_900),
                pay(1002, "клиент-42", 25_050, "RUB", at(0, 40), false, null),
                pay(1003, "Ольга Смирнова", 70_000, "RUB", at(1, 12), false, 1_820),
                new Payment("org-1:REFUND:2001", Kind.REFUND, 2001L, 1001L, "Иван Петров", null, 10_000, "RUB", at(2, 5),
                        at(2, 5), at(2, 5), false, null, null, null, null, null, null, null, null, "Refund", OrgMode.TEST, false),
                new Payment("org-1:FAIL:1004", Kind.FAIL, 1004L, null, "<script>alert('x')</script>Мария", "club-7", 30_000,
                        "RUB", at(2, 30), at(2, 30), at(2, 30), false, "Declined", null, null, null, null, "InsufficientFunds",
                        5051, null, "Payment", OrgMode.TEST, false),
                pay(1005, "Тестовый клиент", 99_900, "RUB", at(3, 20), true, null),
                pay(1006, "=1+2;\"q\"", 1_000, "USD", at(3, 45), false, null),
                new Payment("org-1:PAY:1009", Kind.PAY, 1009L, null, "Тест после запуска", "club-7", 5_000, "RUB", at(3, 50),
                        at(3, 50), at(3, 50), true, "Completed", null, null, null, null, null, null, null, "Payment",
                        OrgMode.LIVE, false),
                new Payment("org-1:PAY:1008", Kind.PAY, 1008L, null, "Сергей (выплата)", "club-7", 20_000, "RUB", at(4, 10),
                        at(4, 10), at(4, 10), false, "Completed", "220220", "5678", "Visa", null, null, null, null,
                        "CardPayout", OrgMode.LIVE, false),
                new Payment("org-1:PAY:1007", Kind.PAY, 1007L, null, "Поздний Платёж", "club-7", 5_000, "RUB", at(4, 30),
                        at(4, 30), T0.plusSeconds(7 * 3600), false, "Completed", null, null, null, null, null, null, null, "Payment",
                        OrgMode.TEST, true)));
    }

    static Payment pay(final long transactionId, final String customer, final long amountMinor, final String currency,
                       final Instant at, final boolean test, final Integer feeMinor) {
        return new Payment("org-1:PAY:" + transactionId, Kind.PAY, transactionId, null, customer, "club-7", amountMinor,
                currency, at, at, at, test, "Completed", "411111", "1111", "Visa", feeMinor == null ? null : feeMinor.longValue(),
                null, null, null, "Payment", OrgMode.TEST, false);
    }

    static Instant at(final int hours, final int minutes) {
        return T0.plusSeconds(hours * 3600L + minutes * 60L);
    }

    /** The rows of a CSV as Excel splits them: {@code ;} separated, RFC 4180 quotes, CRLF rows; BOM removed. */
    static List<List<String>> read(final byte[] bytes) {
        final String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.startsWith("\uFEFF")) {
            throw new AssertionError("no byte-order mark");
        }
        final List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        final StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 1; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ';') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row.size() == 1 && row.get(0).isEmpty() ? List.of() : row);
                row = new ArrayList<>();
                i++;
            } else if (c == '\n' || c == '\r') {
                throw new AssertionError("bare line break outside quotes at " + i);
            } else {
                cell.append(c);
            }
        }
        if (cell.length() > 0 || !row.isEmpty()) {
            throw new AssertionError("last row not ended by CRLF");
        }
        return rows;
    }
}
