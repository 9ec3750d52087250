package ledger.operator.audit;

import java.util.List;
import java.util.Map;

import ledger.events.BalanceEvent;

/** Test access to one customer's sequence checks. */
public final class BalanceEventLogProbe {

    private final BalanceEventLog.Customer customer = new BalanceEventLog.Customer();
    private int n;

    public void add(final BalanceEvent e) {
        BalanceEventLog.add(customer, e, "p@" + n++);
    }

    public List<String> anomalies() {
        return customer.anomalies();
    }

    public List<String> notes() {
        return customer.notes();
    }

    public long lastSequence() {
        return customer.lastSequence();
    }

    public Map<String, Long> balanceAfter() {
        return customer.balanceAfter();
    }
}
