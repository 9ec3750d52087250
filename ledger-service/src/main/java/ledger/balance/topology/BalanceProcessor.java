package ledger.balance.topology;

import ledger.balance.domain.BalanceBook;
import ledger.events.BalanceEvent;
import ledger.events.CustomerBalances;
import ledger.events.Posting;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies postings, keyed by customer, to the customer's balances and emits one balance event per posting,
 * timestamped with the business time of the payment. The same event goes into the customer's recent
 * history ({@link BalanceHistory}), pruned to the last {@value BalanceHistory#KEPT_PER_CUSTOMER}. Both stores
 * belong to this task, so under exactly_once_v2 the balance, the history entry and the emitted event
 * commit together.
 */
final class BalanceProcessor implements Processor<String, Posting, String, BalanceEvent> {

    private ProcessorContext<String, BalanceEvent> context;
    private KeyValueStore<String, CustomerBalances> balances;
    private KeyValueStore<String, BalanceEvent> history;

    @Override
    public void init(final ProcessorContext<String, BalanceEvent> context) {
        this.context = context;
        this.balances = context.getStateStore(LedgerTopology.BALANCES_STORE);
        this.history = context.getStateStore(LedgerTopology.HISTORY_STORE);
    }

    @Override
    public void process(final Record<String, Posting> record) {
        final BalanceBook.Change change = BalanceBook.apply(balances.get(record.key()), record.value());
        final BalanceEvent event = change.event();
        balances.put(record.key(), change.balances());
        rememberRecent(record.key(), event);
        context.forward(new Record<>(record.key(), event, event.getOccurredAt().toEpochMilli()));
    }

    /** Adds the event to the customer's history and drops the one that falls out of the kept window. */
    private void rememberRecent(final String customerKey, final BalanceEvent event) {
        history.put(BalanceHistory.key(customerKey, event.getSequence()), event);
        final long forgotten = event.getSequence() - BalanceHistory.KEPT_PER_CUSTOMER;
        if (forgotten >= 1) {
            history.delete(BalanceHistory.key(customerKey, forgotten));
        }
    }
}
