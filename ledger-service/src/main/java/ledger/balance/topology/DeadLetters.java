package ledger.balance.topology;

import java.nio.ByteBuffer;
import java.time.Instant;

import ledger.events.DeadLetter;

/** Builds the ledger's dead letters, keeping the original bytes so an operator can redrive them. */
final class DeadLetters {

    static final String SERVICE = "ledger-service";

    private DeadLetters() {
    }

    static DeadLetter of(final String topic, final int partition, final long offset, final byte[] key, final byte[] value,
                         final String reason, final String detail) {
        return DeadLetter.newBuilder()
                .setSourceTopic(topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .setReason(reason)
                .setDetail(detail)
                .setService(SERVICE)
                .setOccurredAt(Instant.now())
                .build();
    }
}
