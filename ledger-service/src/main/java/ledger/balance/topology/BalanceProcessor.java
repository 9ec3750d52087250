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
 * timestamped with the business time of the payment.
 */
final class BalanceProcessor implements Processor<String, Posting, String, BalanceEvent> {

    private ProcessorContext<String, BalanceEvent> context;
    private KeyValueStore<String, CustomerBalances> balances;

    @Override
    public void init(final ProcessorContext<String, BalanceEvent> context) {
        this.context = context;
        this.balances = context.getStateStore(LedgerTopology.BALANCES_STORE);
    }

    @Override
    public void process(final Record<String, Posting> record) {
        final BalanceBook.Change change = BalanceBook.apply(balances.get(record.key()), record.value());
        balances.put(record.key(), change.balances());
        context.forward(new Record<>(record.key(), change.event(), change.event().getOccurredAt().toEpochMilli()));
    }
}
