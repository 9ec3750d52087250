package ledger.report.render;

import static ledger.report.render.Csv.decimal;
import static ledger.report.render.Csv.empty;
import static ledger.report.render.Csv.number;
import static ledger.report.render.Csv.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The CSV writer: what Excel needs to open the file right (BOM, separator, CRLF, quoting) and what keeps it safe. */
class CsvTest {

    @Test
    void startsWithTheUtf8ByteOrderMarkAndKeepsCyrillicAsUtf8() {
        final byte[] bytes = new Csv().row(text("Клиент"), text("Иван Петров")).toBytes();

        assertThat(Arrays.copyOf(bytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        assertThat(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8)).isEqualTo("Клиент;Иван Петров\r\n");
        // "К" is two bytes in UTF-8 (D0 9A), not one as in Windows-1251.
        assertThat(Arrays.copyOfRange(bytes, 3, 5)).containsExactly(0xD0, 0x9A);
    }

    @Test
    void separatesWithSemicolonsAndEndsEveryLineWithCrLf() {
        final String csv = new Csv().row(text("a"), text("b"), empty(), text("c")).blankRow().row(text("d")).toString();

        assertThat(csv).isEqualTo("a;b;;c\r\n\r\nd\r\n");
    }

    @Test
    void quotesPerRfc4180OnlyWhenNeeded() {
        final String csv = new Csv().row(
                text("plain, with comma"),
                text("semi;colon"),
                text("say \"hi\""),
                text("two\nlines"),
                text("cr\rhere")).toString();

        assertThat(csv).isEqualTo("plain, with comma;\"semi;colon\";\"say \"\"hi\"\"\";\"two\nlines\";\"cr\rhere\"\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"=1+2", "+7 999", "-5", "@SUM(A1:A2)", "\t=cmd", "\r=cmd", "  =HYPERLINK(\"x\")",
            "\uFF1D1+1", "=Иван"})
    void guardsEveryTextThatCouldStartAFormula(final String value) {
        assertThat(Csv.guard(value)).isEqualTo("'" + value);
        // Quoted when it holds a CR or a quote; either way the cell's content starts with the apostrophe.
        assertThat(Reports.read(new Csv().row(text(value)).toBytes()).get(0)).containsExactly("'" + value);
    }

    @Test
    void aGuardedFormulaWithTheSeparatorIsGuardedAndQuoted() {
        assertThat(new Csv().row(text("=1+2;\"q\"")).toString()).isEqualTo("\"'=1+2;\"\"q\"\"\"\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Иван", "cust-1", "a=b", "1-2", "", "  ", "shift@night"})
    void leavesOrdinaryTextAlone(final String value) {
        assertThat(Csv.guard(value)).isEqualTo(value);
    }

    @Test
    void numbersAreNeitherGuardedNorQuotedAndUseTheDecimalComma() {
        final String csv = new Csv().row(decimal("-30.00"), decimal("1500.50"), number(-7), decimal("500")).toString();

        assertThat(csv).isEqualTo("-30,00;1500,50;-7;500\r\n");
    }

    @Test
    void refusesNumbersThatAreNotPlainDecimals() {
        assertThatThrownBy(() -> decimal("=1+2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decimal("1 000.00")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Csv.Cell("1.5", true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullTextIsAnEmptyCell() {
        assertThat(new Csv().row(text(null), text("x")).toString()).isEqualTo(";x\r\n");
    }
}
