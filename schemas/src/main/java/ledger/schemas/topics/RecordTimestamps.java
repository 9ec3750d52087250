package ledger.schemas.topics;

import ledger.events.PaymentEvent;

/** The Kafka record timestamp of a payment event, the same for every producer of the payments topic. */
public final class RecordTimestamps {

    private RecordTimestamps() {
    }

    /**
     * When CloudPayments created the operation ({@code occurredAt}), but never later than when the notification
     * was received: a DateTime ahead of our clock is clock skew, and a broker refuses a record more than
     * {@code log.message.timestamp.after.max.ms} (one hour by default) in its future, which would refuse the
     * payment on every retry. The event itself keeps CloudPayments' DateTime unchanged.
     */
    public static long of(final PaymentEvent event) {
        return Math.min(event.getOccurredAt().toEpochMilli(), event.getReceivedAt().toEpochMilli());
    }
}
