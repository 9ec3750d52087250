package ledger.bench.ledger;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

import ledger.balance.app.LedgerConfig;
import ledger.balance.domain.Outcome;
import ledger.balance.domain.PaymentRules;
import ledger.balance.topology.DeadLetterDeserializationHandler;
import ledger.balance.topology.LedgerListener;
import ledger.balance.topology.LedgerTopology;
import ledger.bench.common.BenchGateway;
import ledger.bench.common.CpuUsage;
import ledger.bench.common.EmbeddedStack;
import ledger.events.CustomerBalances;
import ledger.events.PaymentEvent;
import ledger.events.PaymentState;
import ledger.schemas.serde.AvroSerdes;
import ledger.schemas.topics.Topic;
import ledger.schemas.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * One ledger run over an {@link BenchStack.Input}: the production topology ({@link LedgerTopology#build}) under the
 * production Streams properties ({@link LedgerConfig#toStreamsProperties}) plus explicit overrides, exactly what
 * {@code LedgerService} runs minus its HTTP API and Prometheus registry, under a fresh application id (so from offset
 * 0 with empty stores) and with output topics of its own, so several runs can read the same input.
 *
 * <p>What is timed: from {@code KafkaStreams.start()} until every balance event and dead letter that the
 * {@link Recomputation} says the input must produce can be read by a {@code read_committed} consumer (polled every
 * 50 ms). Under exactly_once_v2 those outputs commit in the same transactions as the input offsets, so at that
 * moment every input event has been processed and committed; the run also checks the group's committed offsets on
 * the payments topic reached its end. The rate reported is input deliveries (all kinds, duplicates included) per
 * second of that time.
 */
final class LedgerRun {

    /** What one run measured. */
    record Result(String label, String guarantee, long inputs, long balanceEvents, long deadLetters, long startToRunningNanos,
                  long startToFirstOutputNanos, long startToDoneNanos, boolean complete, boolean offsetsAtEnd, CpuUsage cpu,
                  String verification, boolean verified, Map<String, String> overrides, String cpuPerEvent, StateSize paymentState) {

        double perSecond() {
            return inputs * 1e9 / startToDoneNanos;
        }

        /** The rate once the application is RUNNING (group joined, tasks assigned): the startup cost taken out. */
        double perSecondWhileRunning() {
            return inputs * 1e9 / Math.max(1, startToDoneNanos - startToRunningNanos);
        }

        String summary() {
            return String.format(Locale.ROOT, "%-14s %-15s %,12.0f events/s  (%,d deliveries in %.2f s from start; %.2f s to RUNNING; "
                            + "%,.0f events/s while RUNNING)%s",
                    label, guarantee, perSecond(), inputs, startToDoneNanos / 1e9, startToRunningNanos / 1e9, perSecondWhileRunning(),
                    complete ? "" : "  <-- INCOMPLETE (timed out)");
        }
    }

    private LedgerRun() {
    }

    /**
     * The production Streams properties of a ledger instance with this application id and guarantee (the defaults of
     * {@link LedgerConfig#fromEnv}, state under {@code stateDir}).
     */
    static Properties productionProperties(final BenchStack stack, final String applicationId, final String guarantee,
                                           final Path stateDir, final String topicPrefix) {
        final Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrap());
        env.put("SCHEMA_REGISTRY_URL", stack.registryUrl());
        env.put("LEDGER_STATE_DIR", stateDir.toString());
        env.put("LEDGER_APPLICATION_ID", applicationId);
        env.put("TOPIC_PREFIX", topicPrefix);
        env.put("LEDGER_PROCESSING_GUARANTEE", guarantee);
        env.put("LEDGER_LISTEN_HOST", "127.0.0.1");
        env.put("ADMIN_TOKEN", BenchGateway.ADMIN_TOKEN);
        return LedgerConfig.fromEnv(env).toStreamsProperties(freePort());
    }

    /** The size of the per-payment state at the end of a run: entries in the payments store and their serialized bytes. */
    record StateSize(long payments, long bytes) {

        double bytesPerPayment() {
            return payments == 0 ? 0 : (double) bytes / payments;
        }

        String summary() {
            return String.format(Locale.ROOT, "payment state: %,d transactions, %,.1f bytes each (key and value, serialized as in the changelog)",
                    payments, bytesPerPayment());
        }
    }

    /** A run of the production topology. */
    static Result run(final BenchStack stack, final BenchStack.Input input, final String label, final String guarantee,
                      final LedgerRunOptions options) throws InterruptedException {
        return run(stack, input, label, guarantee, options, PaymentRules::concernsPayments);
    }

    /**
     * A run of the production topology in which only the notifications {@code reachesRule} admits reach the payment
     * rule (see {@link LedgerTopology#build(Topics, Map, LedgerListener, Predicate)}).
     */
    static Result run(final BenchStack stack, final BenchStack.Input input, final String label, final String guarantee,
                      final LedgerRunOptions options, final Predicate<PaymentEvent> reachesRule) throws InterruptedException {
        final Map<String, String> overrides = options.overrides();
        final Duration timeout = options.timeout();
        final String runPrefix = input.topic().substring(0, input.topic().length() - Topics.PAYMENTS.length()) + label + "-";
        final Map<String, ?> serdeConfig = Map.of(AvroSerdes.SCHEMA_REGISTRY_URL, stack.registryUrl());
        final Topics shared = Topics.create(runPrefix, serdeConfig);
        // The input is shared by every run; the outputs are this run's own.
        final Topics topics = new Topics(new Topic<>(input.topic(), shared.payments().keySerde(), shared.payments().valueSerde()),
                shared.balanceEvents(), shared.shiftEvents(), shared.deadLetters());
        stack.createTopics(BenchStack.PARTITIONS, topics.balanceEvents().name());
        stack.createTopics(1, topics.deadLetters().name());

        final String applicationId = runPrefix + "ledger";
        final Path stateDir = stack.dir().resolve("state-" + label);
        final Properties props = productionProperties(stack, applicationId, guarantee, stateDir, runPrefix);
        props.put(DeadLetterDeserializationHandler.DEAD_LETTER_TOPIC, topics.deadLetters().name());
        props.putAll(overrides);

        final CountingListener listener = new CountingListener();
        final KafkaStreams streams = new KafkaStreams(LedgerTopology.build(topics, serdeConfig, listener, reachesRule), props);
        final AtomicLong runningAt = new AtomicLong();
        final AtomicReference<KafkaStreams.State> failed = new AtomicReference<>();
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                runningAt.compareAndSet(0, System.nanoTime());
            } else if (now == KafkaStreams.State.ERROR) {
                failed.set(now);
            }
        });
        // As LedgerService does: a failed stream thread is replaced (and the run reports how often that happened).
        final java.util.concurrent.atomic.AtomicInteger threadFailures = new java.util.concurrent.atomic.AtomicInteger();
        streams.setUncaughtExceptionHandler(e -> {
            threadFailures.incrementAndGet();
            System.out.println("  ledger stream thread failed, replacing it: " + e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });

        final List<TopicPartition> outputs = new ArrayList<>();
        for (int p = 0; p < BenchStack.PARTITIONS; p++) {
            outputs.add(new TopicPartition(topics.balanceEvents().name(), p));
        }
        outputs.add(new TopicPartition(topics.deadLetters().name(), 0));
        final Map<String, Object> consumerProps = new HashMap<>();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap());
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);

        long balanceEvents = 0;
        long deadLetters = 0;
        long firstOutput = 0;
        long done = 0;
        final CpuUsage.Mark cpuBefore;
        final ThreadCpu threadsBefore;
        final long started;
        try (KafkaConsumer<byte[], byte[]> counter = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            counter.assign(outputs);
            counter.seekToBeginning(outputs);
            cpuBefore = CpuUsage.mark();
            threadsBefore = ThreadCpu.mark();
            started = System.nanoTime();
            streams.start();
            final long deadline = started + timeout.toNanos();
            while (System.nanoTime() < deadline && failed.get() == null) {
                final ConsumerRecords<byte[], byte[]> records = counter.poll(Duration.ofMillis(50));
                final long now = System.nanoTime();
                for (final var record : records) {
                    if (record.topic().equals(topics.deadLetters().name())) {
                        deadLetters++;
                    } else {
                        balanceEvents++;
                    }
                }
                if (firstOutput == 0 && !records.isEmpty()) {
                    firstOutput = now;
                }
                if (balanceEvents >= input.expected().postings() && deadLetters >= input.expected().flags()) {
                    done = now;
                    break;
                }
            }
        }
        final CpuUsage cpu = CpuUsage.since(cpuBefore);
        final String cpuPerEvent = ThreadCpu.perEvent(threadsBefore.since(applicationId), cpu.processCpuNanos(), input.count());
        final boolean complete = done != 0;
        if (!complete) {
            done = System.nanoTime();
        }
        final boolean offsetsAtEnd = awaitOffsetsAtEnd(stack, applicationId, input.topic(), Duration.ofSeconds(15));
        final String[] verification = new String[1];
        final boolean verified = complete && verify(streams, input.expected(), verification);
        final StateSize paymentState = complete ? paymentStateSize(streams, serdeConfig) : new StateSize(0, 0);
        if (!complete) {
            verification[0] = String.format(Locale.ROOT, "not verified: only %,d of %,d balance events and %,d of %,d dead letters after %s (streams %s)",
                    balanceEvents, input.expected().postings(), deadLetters, input.expected().flags(), timeout, streams.state());
        }
        streams.close(Duration.ofSeconds(30));
        EmbeddedStack.deleteRecursively(stateDir);
        final long running = runningAt.get() == 0 ? done : runningAt.get();
        return new Result(label, guarantee, input.count(), balanceEvents, deadLetters, running - started,
                (firstOutput == 0 ? done : firstOutput) - started, done - started, complete, offsetsAtEnd, cpu,
                verification[0] + String.format(Locale.ROOT, "; decisions counted by the listener: %,d", listener.decisions.sum())
                        + (threadFailures.get() == 0 ? "" : "; stream threads replaced after failures: " + threadFailures.get()),
                verified, overrides, cpuPerEvent, paymentState);
    }

    /** Every entry of the payments store, serialized as the changelog holds it. */
    private static StateSize paymentStateSize(final KafkaStreams streams, final Map<String, ?> serdeConfig) {
        final Serializer<PaymentState> values = AvroSerdes.specific(PaymentState.class, serdeConfig, false).serializer();
        long payments = 0;
        long bytes = 0;
        try (KeyValueIterator<String, PaymentState> all = streams.store(StoreQueryParameters.fromNameAndType(
                LedgerTopology.PAYMENTS_STORE, QueryableStoreTypes.<String, PaymentState>keyValueStore())).all()) {
            while (all.hasNext()) {
                final var entry = all.next();
                payments++;
                bytes += entry.key.getBytes(StandardCharsets.UTF_8).length + values.serialize(LedgerTopology.PAYMENTS_STORE, entry.value).length;
            }
        }
        return new StateSize(payments, bytes);
    }

    /** Compares every customer's balances and sequence in the ledger's store with the recomputation. */
    private static boolean verify(final KafkaStreams streams, final Recomputation expected, final String[] out) {
        final Map<String, CustomerBalances> want = expected.balances();
        final List<String> problems = new ArrayList<>();
        long seen = 0;
        try (KeyValueIterator<String, CustomerBalances> all = streams.store(StoreQueryParameters.fromNameAndType(
                LedgerTopology.BALANCES_STORE, QueryableStoreTypes.<String, CustomerBalances>keyValueStore())).all()) {
            while (all.hasNext()) {
                final var entry = all.next();
                seen++;
                final CustomerBalances w = want.get(entry.key);
                if (w == null) {
                    problems.add(entry.key + " has a balance the recomputation does not have");
                } else if (!new TreeMap<>(w.getBalances()).equals(new TreeMap<>(entry.value.getBalances()))
                        || !new TreeMap<>(w.getTestBalances()).equals(new TreeMap<>(entry.value.getTestBalances()))
                        || w.getSequence() != entry.value.getSequence()) {
                    problems.add(entry.key + ": ledger " + new TreeMap<>(entry.value.getBalances()) + " #" + entry.value.getSequence()
                            + ", recomputed " + new TreeMap<>(w.getBalances()) + " #" + w.getSequence());
                }
            }
        }
        if (seen != want.size()) {
            problems.add("ledger has " + seen + " customers, the recomputation " + want.size());
        }
        out[0] = problems.isEmpty()
                ? String.format(Locale.ROOT, "verified: all %,d customers' balances and sequence numbers in the ledger's store equal the recomputation", seen)
                : problems.size() + " MISMATCHES, e.g. " + problems.subList(0, Math.min(5, problems.size()));
        return problems.isEmpty();
    }

    /** Whether the application's committed offsets on the payments topic reached its end offsets. */
    private static boolean awaitOffsetsAtEnd(final BenchStack stack, final String group, final String topic, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap()))) {
            final Map<TopicPartition, Long> ends = stack.endOffsets(List.of(topic));
            while (true) {
                final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS);
                boolean atEnd = true;
                for (final var end : ends.entrySet()) {
                    final OffsetAndMetadata c = committed.get(end.getKey());
                    atEnd &= c != null && c.offset() >= end.getValue();
                }
                if (atEnd || System.nanoTime() > deadline) {
                    return atEnd;
                }
                Thread.sleep(100);
            }
        } catch (final Exception e) {
            return false;
        }
    }

    /** Streams settings that differ from the production ones, for the report. */
    static String describe(final Map<String, String> overrides) {
        if (overrides.isEmpty()) {
            return "production settings (LedgerConfig defaults)";
        }
        return "production settings except " + new TreeMap<>(overrides);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Counts decisions like the service's Prometheus counters do: cheap, lock-free. */
    private static final class CountingListener implements LedgerListener {
        final LongAdder decisions = new LongAdder();
        final LongAdder postings = new LongAdder();
        final LongAdder flags = new LongAdder();

        @Override
        public void decided(final Outcome outcome, final boolean testMode) {
            decisions.increment();
        }

        @Override
        public void posted(final long amountMinor, final boolean testMode) {
            postings.increment();
        }

        @Override
        public void flagged(final Outcome reason, final boolean testMode) {
            flags.increment();
        }
    }

    static final String EOS = StreamsConfig.EXACTLY_ONCE_V2;
    static final String ALOS = StreamsConfig.AT_LEAST_ONCE;
}
