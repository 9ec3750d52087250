package ledger.balance.app;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import ledger.balance.domain.Outcome;
import ledger.balance.topology.LedgerListener;

/** Counts the ledger's decisions by outcome and money mode, for Prometheus. */
final class LedgerMetrics implements LedgerListener {

    private final Map<Outcome, Counter> live = new EnumMap<>(Outcome.class);
    private final Map<Outcome, Counter> test = new EnumMap<>(Outcome.class);

    LedgerMetrics(final MeterRegistry registry) {
        for (final Outcome outcome : Outcome.values()) {
            live.put(outcome, Counter.builder("ledger_decisions").description("Payment events decided by the ledger")
                    .tag("outcome", outcome.name().toLowerCase()).tag("mode", "live").register(registry));
            test.put(outcome, Counter.builder("ledger_decisions").description("Payment events decided by the ledger")
                    .tag("outcome", outcome.name().toLowerCase()).tag("mode", "test").register(registry));
        }
    }

    @Override
    public void decided(final Outcome outcome, final boolean testMode) {
        (testMode ? test : live).get(outcome).increment();
    }
}
