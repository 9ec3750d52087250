package ledger.balance.topology;

import java.nio.charset.StandardCharsets;

import ledger.balance.domain.Flag;
import ledger.balance.domain.PaymentDecision;
import ledger.balance.domain.PaymentRules;
import ledger.events.PaymentEvent;
import ledger.events.PaymentState;
import ledger.events.Posting;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs the money rule for events keyed by payment: reads the payment's state, applies
 * {@link PaymentRules#apply}, stores the new state, and forwards postings (keyed by customer) and flagged
 * events (as dead letters). Under exactly_once_v2 the store write and the forwards commit together.
 */
final class PaymentRulesProcessor implements Processor<String, PaymentEvent, String, SpecificRecord> {

    private final String paymentsTopic;
    private final Serializer<PaymentEvent> eventSerializer;
    private final LedgerListener listener;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, PaymentState> payments;

    PaymentRulesProcessor(final String paymentsTopic, final Serializer<PaymentEvent> eventSerializer, final LedgerListener listener) {
        this.paymentsTopic = paymentsTopic;
        this.eventSerializer = eventSerializer;
        this.listener = listener;
    }

    @Override
    public void init(final ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.payments = context.getStateStore(LedgerTopology.PAYMENTS_STORE);
    }

    @Override
    public void process(final Record<String, PaymentEvent> record) {
        final PaymentEvent event = record.value();
        final PaymentDecision decision = PaymentRules.apply(payments.get(record.key()), event);
        if (decision.state() != null) {
            payments.put(record.key(), decision.state());
        }
        for (final Posting posting : decision.postings()) {
            context.forward(new Record<>(posting.getOrgId() + ":" + posting.getCustomerId(), posting,
                    posting.getOccurredAt().toEpochMilli()));
            listener.posted(posting.getAmountMinor(), posting.getTestMode());
        }
        for (final Flag flag : decision.flags()) {
            context.forward(new Record<>(record.key(), deadLetter(flag), record.timestamp()));
            listener.flagged(flag.reason(), Boolean.TRUE.equals(flag.event().getTestMode()));
        }
        listener.decided(decision.outcome(), Boolean.TRUE.equals(event.getTestMode()));
    }

    private SpecificRecord deadLetter(final Flag flag) {
        final RecordMetadata source = context.recordMetadata().orElse(null);
        final PaymentEvent event = flag.event();
        final String key = event.getCustomerId() == null ? event.getOrgId() : event.getOrgId() + ":" + event.getCustomerId();
        return DeadLetters.of(
                source == null ? paymentsTopic : source.topic(),
                source == null ? -1 : source.partition(),
                source == null ? -1 : source.offset(),
                key.getBytes(StandardCharsets.UTF_8),
                eventSerializer.serialize(paymentsTopic, event),
                flag.reason().name(),
                flag.detail() + " (event " + event.getEventId() + ")");
    }
}
