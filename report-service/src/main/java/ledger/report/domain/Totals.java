package ledger.report.domain;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A report's totals per currency, with test-mode money kept in its own section so it can never be mixed into
 * live money. Top-ups, refunds, failed attempts, payouts and test payments while live contribute, each to its own
 * figures; a currency that only has lines that moved no money does not appear. A test payment while live is a
 * test-mode line, so it is counted in the test section.
 */
public record Totals(SortedMap<String, CurrencyTotals> live, SortedMap<String, CurrencyTotals> test) {

    public Totals {
        live = Collections.unmodifiableSortedMap(new TreeMap<>(live));
        test = Collections.unmodifiableSortedMap(new TreeMap<>(test));
    }

    public static Totals of(final List<ReportLine> lines) {
        final SortedMap<String, CurrencyTotals> live = new TreeMap<>();
        final SortedMap<String, CurrencyTotals> test = new TreeMap<>();
        for (final ReportLine line : lines) {
            if (line.category() == Category.NOT_MONEY) {
                continue;
            }
            final SortedMap<String, CurrencyTotals> section = line.test() ? test : live;
            final String currency = line.currency() == null ? Money.NO_CURRENCY : line.currency();
            section.put(currency, section.getOrDefault(currency, CurrencyTotals.zero(currency)).plus(line));
        }
        return new Totals(live, test);
    }
}
