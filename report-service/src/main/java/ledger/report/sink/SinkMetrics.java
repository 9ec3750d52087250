package ledger.report.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The sink's meters: what was stored, what was already there, what could not be read, how long batches take. */
final class SinkMetrics {

    private final MeterRegistry registry;
    private final Timer batchLatency;
    private final Counter batchRetries;

    SinkMetrics(final MeterRegistry registry) {
        this.registry = registry;
        this.batchLatency = Timer.builder("report.sink.batch")
                .description("Time to store one poll batch (rows and offsets, one transaction)")
                .register(registry);
        this.batchRetries = Counter.builder("report.sink.retries")
                .description("Batches (or stored-offset reads) that failed and will be retried after a pause")
                .register(registry);
    }

    void stored(final String topic, final int count) {
        counter("report.sink.events.stored", "Events stored as new rows", topic).increment(count);
    }

    void duplicates(final String topic, final int count) {
        counter("report.sink.events.duplicates", "Events skipped because their event id was already stored", topic).increment(count);
    }

    void undeserializable(final String topic) {
        counter("report.sink.events.undeserializable", "Records skipped because they could not be read", topic).increment();
    }

    Timer batchLatency() {
        return batchLatency;
    }

    void retry() {
        batchRetries.increment();
    }

    private Counter counter(final String name, final String description, final String topic) {
        // Micrometer returns the already registered counter for the same name and tags.
        return Counter.builder(name).description(description).tag("topic", topic).register(registry);
    }
}
