package ledger.report.render;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A CSV document that Excel opens correctly by double-click in a Russian locale, Cyrillic included.
 *
 * <p>The format, and why:
 * <ul>
 *   <li><b>UTF-8 with a byte-order mark.</b> Excel reads a CSV without a BOM in the system's ANSI code page
 *       (Windows-1251 in Russia), which garbles any UTF-8 Cyrillic; with the BOM it reads UTF-8. Windows-1251 itself
 *       would lose every character outside it (Kazakh, Armenian, emoji in customer ids). A {@code sep=} first line is
 *       deliberately not written: with it Excel ignores the BOM again.</li>
 *   <li><b>{@code ;} as the separator.</b> Excel splits a double-clicked CSV on the locale's list separator, which
 *       is {@code ;} wherever the decimal separator is a comma (Russia and most of Europe). In an en-US Excel the
 *       file opens as one column; there, use Data &gt; From Text/CSV, which detects the {@code ;}.</li>
 *   <li><b>Decimal comma, no grouping</b> ({@code 1234,50}) for amounts, so a Russian-locale Excel reads them as
 *       numbers that {@code SUM} adds; a decimal point would make them text (or dates). A minus sign leads negative
 *       amounts. Numeric cells are never quoted or guarded.</li>
 *   <li><b>RFC 4180 otherwise:</b> CRLF line ends; a field containing the separator, a double quote, CR or LF is
 *       quoted, with inner quotes doubled.</li>
 *   <li><b>Formula injection guard:</b> a text cell whose first non-blank character could start a formula
 *       ({@code = + - @}, their full-width forms, TAB or CR) gets a leading apostrophe, so Excel shows it as text
 *       instead of evaluating it. Customer ids and reasons come from outside and must never run as formulas.</li>
 * </ul>
 */
public final class Csv {

    public static final char SEPARATOR = ';';
    public static final String LINE_END = "\r\n";
    public static final String CONTENT_TYPE = "text/csv; charset=utf-8; header=present";
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(,\\d+)?");
    private static final String FORMULA_STARTS = "=+-@\uFF1D\uFF0B\uFF0D\uFF20\t\r";

    /** One cell: text from anywhere (guarded and quoted as needed) or a number we formatted ourselves. */
    public record Cell(String value, boolean numeric) {

        public Cell {
            Objects.requireNonNull(value, "value");
            if (numeric && !NUMBER.matcher(value).matches()) {
                throw new IllegalArgumentException("not a CSV number: " + value);
            }
        }
    }

    private final StringBuilder out = new StringBuilder();

    /** A text cell; {@code null} is an empty cell. */
    public static Cell text(final String value) {
        return new Cell(value == null ? "" : value, false);
    }

    /** A whole number. */
    public static Cell number(final long value) {
        return new Cell(Long.toString(value), true);
    }

    /** A decimal given in plain notation with a point ({@code "-12.50"}), written with a decimal comma. */
    public static Cell decimal(final String plain) {
        return new Cell(plain.replace('.', ','), true);
    }

    public static Cell empty() {
        return new Cell("", false);
    }

    public Csv row(final Cell... cells) {
        return row(Arrays.asList(cells));
    }

    public Csv row(final List<Cell> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(SEPARATOR);
            }
            final Cell cell = cells.get(i);
            out.append(cell.numeric() ? cell.value() : quote(guard(cell.value())));
        }
        out.append(LINE_END);
        return this;
    }

    /** An empty line, which Excel shows as an empty row between blocks. */
    public Csv blankRow() {
        out.append(LINE_END);
        return this;
    }

    /** The document as Excel should receive it: the UTF-8 byte-order mark, then the rows in UTF-8. */
    public byte[] toBytes() {
        final byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
        final byte[] bytes = Arrays.copyOf(BOM, BOM.length + body.length);
        System.arraycopy(body, 0, bytes, BOM.length, body.length);
        return bytes;
    }

    /** The rows as text, without the byte-order mark. */
    @Override
    public String toString() {
        return out.toString();
    }

    /** {@code value} with a leading apostrophe when Excel could take it for a formula. */
    static String guard(final String value) {
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c == ' ') {
                continue;
            }
            return FORMULA_STARTS.indexOf(c) >= 0 ? "'" + value : value;
        }
        return value;
    }

    /** {@code value} quoted per RFC 4180 when it contains the separator, a quote, CR or LF. */
    static String quote(final String value) {
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c == SEPARATOR || c == '"' || c == '\r' || c == '\n') {
                return '"' + value.replace("\"", "\"\"") + '"';
            }
        }
        return value;
    }
}
