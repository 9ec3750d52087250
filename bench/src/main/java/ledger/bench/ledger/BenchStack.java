package ledger.bench.ledger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import ledger.bench.common.EmbeddedStack;
import ledger.bench.common.InputPublisher;
import ledger.events.PaymentEvent;
import ledger.schemas.serde.SchemaRegistryClients;
import ledger.schemas.topics.Topics;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;

/**
 * The {@link EmbeddedStack} the ledger benchmarks run on (Kafka and the schema registry), with what they do on it:
 * create topics, and publish a payments topic the way the gateway does.
 */
final class BenchStack implements AutoCloseable {

    static final int PARTITIONS = 6;

    private final EmbeddedStack stack;

    private BenchStack(final EmbeddedStack stack) {
        this.stack = stack;
    }

    static BenchStack start() throws IOException {
        return new BenchStack(EmbeddedStack.start("ledger-bench"));
    }

    String bootstrap() {
        return stack.bootstrapServers();
    }

    String registryUrl() {
        return stack.registryUrl();
    }

    Path dir() {
        return stack.dir();
    }

    /** See {@link EmbeddedStack#endOffsets}. */
    Map<TopicPartition, Long> endOffsets(final List<String> topicNames) throws Exception {
        return stack.endOffsets(topicNames);
    }

    /** Creates topics that do not exist yet: {@code partitions} each, kept forever like the production topics. */
    void createTopics(final int partitions, final String... names) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            final List<NewTopic> topics = new ArrayList<>();
            for (final String name : names) {
                topics.add(new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(Map.of("retention.ms", "-1")));
            }
            Topics.createMissing(admin, topics, Duration.ofSeconds(30));
        }
    }

    /** The input of a run: a payments topic with {@code count} deliveries, and what the ledger must make of them. */
    record Input(String topic, long count, long redeliveries, long bytes, double seconds, Recomputation expected) {

        String describe() {
            final Map<String, Long> outcomes = new java.util.TreeMap<>();
            expected.outcomes().forEach((k, v) -> outcomes.put(k.name().toLowerCase(Locale.ROOT), v));
            return String.format(Locale.ROOT, "%,d deliveries (%.1f%% redeliveries, %.0f bytes/record on average) in %s, %d partitions,"
                            + " produced in %.1f s; recomputed: %,d customers, %,d balance events, %,d dead letters, outcomes %s",
                    count, 100.0 * redeliveries / count, (double) bytes / count, topic, PARTITIONS, seconds,
                    expected.balances().size(), expected.postings(), expected.flags(), outcomes);
        }
    }

    /** Publishes the measured input of a run with these options to {@code topic}, saying what it publishes. */
    Input produceInput(final String topic, final LedgerRunOptions options) {
        System.out.printf(Locale.ROOT, "producing %,d deliveries over %d organizations x %,d customers ...%n", options.events(), options.orgs(),
                options.customersPerOrg());
        final Input input = produce(topic, options.events(), options.orgs(), options.customersPerOrg(), options.seed());
        System.out.println("input: " + input.describe());
        return input;
    }

    /**
     * Creates {@code topic} and publishes {@code count} deliveries of a {@link PaymentStream} to it the way the gateway does
     * (key {@code orgId:customerId}, record time = occurredAt, Avro in Confluent's wire format under
     * {@code <topic>-value}, idempotent producer with acks=all and lz4), recomputing the ledger on the way.
     */
    Input produce(final String topic, final long count, final int orgs, final int customersPerOrg, final long seed) {
        createTopics(PARTITIONS, topic);
        final long t0 = System.nanoTime();
        // Business time (occurredAt, also the record timestamp) runs up to about now, 50 ms per step, so even 1,000,000
        // deliveries span less than 12 hours: the broker forgets the state of an idempotent producer whose last batch
        // carries a timestamp older than producer.id.expiration.ms (1 day by default), and a ledger replaying weeks-old
        // payments runs into OutOfOrderSequenceExceptions when its check runs (every 10 minutes). See the README.
        final long millisPerStep = 50;
        final PaymentStream stream = new PaymentStream(seed, orgs, customersPerOrg,
                Instant.now().minusMillis(count * millisPerStep).minus(Duration.ofDays(Long.getLong("bench.ageDays", 0)))
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS), millisPerStep);
        final Recomputation expected = new Recomputation();
        final int schemaId = SchemaRegistryClients.forUrl(registryUrl()).register(topic + "-value", PaymentEvent.getClassSchema());
        final SpecificDatumWriter<PaymentEvent> writer = new SpecificDatumWriter<>(PaymentEvent.class);
        final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        BinaryEncoder encoder = null;
        long bytes = 0;
        try (InputPublisher publisher = new InputPublisher(bootstrap(), Map.of(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024))) {
            for (long i = 0; i < count && !publisher.failed(); i++) {
                final PaymentEvent event = stream.next();
                expected.accept(event);
                out.reset();
                out.write(0);
                out.writeBytes(ByteBuffer.allocate(4).putInt(schemaId).array());
                encoder = EncoderFactory.get().directBinaryEncoder(out, encoder);
                writer.write(event, encoder);
                encoder.flush();
                final byte[] value = out.toByteArray();
                bytes += value.length;
                publisher.send(topic, event.getOccurredAt().toEpochMilli(), PaymentStream.key(event), value);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        expected.forgetPayments();
        return new Input(topic, count, stream.redeliveries(), bytes, (System.nanoTime() - t0) / 1e9, expected);
    }

    @Override
    public void close() {
        stack.close();
    }
}
