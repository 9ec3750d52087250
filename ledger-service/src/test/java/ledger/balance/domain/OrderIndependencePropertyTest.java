package ledger.balance.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ledger.events.PaymentEvent;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Whatever the order of arrival and however many duplicate deliveries, the ledger ends with the same
 * balances: every payment credited once, every (within-limit) refund debited once.
 */
class OrderIndependencePropertyTest {

    @Property(tries = 300)
    void finalBalancesDependNeitherOnOrderNorOnDuplicates(@ForAll @IntRange(min = 1, max = 8) final int payments,
                                                         @ForAll @LongRange(min = 0, max = 1_000_000) final long seed) {
        final Random random = new Random(seed);
        final List<PaymentEvent> events = new ArrayList<>();
        final Map<String, Long> expected = new HashMap<>();
        long refundId = 10_000;
        for (int i = 0; i < payments; i++) {
            final String customer = "c" + random.nextInt(3);
            final long amount = 100 + random.nextInt(100_000);
            events.add(Events.pay("org", customer, 1 + i, amount));
            long left = amount;
            final int refunds = random.nextInt(3);
            for (int r = 0; r < refunds && left > 0; r++) {
                final long refund = 1 + (long) random.nextInt((int) Math.min(left, Integer.MAX_VALUE));
                left -= refund;
                events.add(Events.refund("org", null, refundId++, 1 + i, refund));
            }
            expected.merge(customer, left, Long::sum);
        }
        final List<PaymentEvent> deliveries = new ArrayList<>(events);
        for (final PaymentEvent e : events) {
            if (random.nextInt(4) == 0) {
                deliveries.add(e); // a redelivery
            }
        }
        Collections.shuffle(deliveries, random);
        assertThat(replay(deliveries)).isEqualTo(expected);
    }

    /** RUB balances by customer id (the test uses one organization) after replaying the deliveries. */
    static Map<String, Long> replay(final List<PaymentEvent> deliveries) {
        final Map<String, Long> result = new HashMap<>();
        Replay.of(deliveries).balances().forEach((customerKey, b) -> result.put(b.getCustomerId(), b.getBalances().getOrDefault("RUB", 0L)));
        return result;
    }
}
