package ledger.report.domain;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A report's totals per currency, with test-mode money kept in its own section so it can never be mixed into
 * live money. Only top-ups, refunds and failed attempts contribute; a currency that only has non-money lines does
 * not appear.
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
