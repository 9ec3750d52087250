package ledger.schemas.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import ledger.events.BalanceEvent;
import ledger.events.DeadLetter;
import ledger.events.PaymentEvent;
import ledger.events.ShiftEvent;
import ledger.schemas.serde.AvroSerdes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topic catalogue. Keys are {@code orgId:customerId} (or {@code orgId:clubId} for shifts) so one
 * customer's events stay in order; values are Avro in Confluent's wire format under {@code <topic>-value}.
 *
 * <p>A prefix (empty in production) lets tests share one broker without sharing topics.
 */
public record Topics(
        Topic<String, PaymentEvent> payments,
        Topic<String, BalanceEvent> balanceEvents,
        Topic<String, ShiftEvent> shiftEvents,
        Topic<String, DeadLetter> deadLetters) {

    public static final String PAYMENTS = "payments";
    public static final String BALANCE_EVENTS = "balance-events";
    public static final String SHIFT_EVENTS = "shift-events";
    public static final String DEAD_LETTERS = "dead-letters";

    /** Partitions of the business topics: the unit of parallelism of the ledger and the report sink. */
    public static final int DEFAULT_PARTITIONS = 6;

    /**
     * Builds the catalogue.
     *
     * @param prefix prepended to every topic name ("" in production)
     * @param serdeConfig at least {@code schema.registry.url}
     */
    public static Topics create(final String prefix, final Map<String, ?> serdeConfig) {
        return new Topics(
                new Topic<>(prefix + PAYMENTS, Serdes.String(), AvroSerdes.specific(PaymentEvent.class, serdeConfig, false)),
                new Topic<>(prefix + BALANCE_EVENTS, Serdes.String(), AvroSerdes.specific(BalanceEvent.class, serdeConfig, false)),
                new Topic<>(prefix + SHIFT_EVENTS, Serdes.String(), AvroSerdes.specific(ShiftEvent.class, serdeConfig, false)),
                new Topic<>(prefix + DEAD_LETTERS, Serdes.String(), AvroSerdes.specific(DeadLetter.class, serdeConfig, false)));
    }

    public List<Topic<String, ?>> all() {
        return List.of(payments, balanceEvents, shiftEvents, deadLetters);
    }

    /**
     * Creates every missing topic: {@code partitions} partitions for the business topics, one for dead letters,
     * with the broker's default replication factor. Existing topics are left as they are.
     */
    public void ensureCreated(final Admin admin, final int partitions) {
        try {
            final Set<String> existing = admin.listTopics().names().get();
            final List<NewTopic> missing = new ArrayList<>();
            for (final Topic<String, ?> topic : all()) {
                if (!existing.contains(topic.name())) {
                    final int count = topic == deadLetters ? 1 : partitions;
                    // Payment history is the ledger's source of truth for rebuilds and audits: keep it forever.
                    missing.add(new NewTopic(topic.name(), Optional.of(count), Optional.empty())
                            .configs(Map.of("retention.ms", "-1")));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).values().forEach((name, future) -> {
                    try {
                        future.get();
                    } catch (final ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
                        }
                    } catch (final InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                });
                awaitLeaders(admin, missing.stream().map(NewTopic::name).toList(), Duration.ofSeconds(30));
            }
        } catch (final ExecutionException e) {
            throw new IllegalStateException("cannot list topics: " + e.getCause().getMessage(), e.getCause());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until every partition of {@code names} has a leader. A topic is usable a moment after its creation is
     * acknowledged; a producer or consumer that comes sooner gets NOT_LEADER_OR_FOLLOWER or unknown-partition
     * answers and retries, which costs a first webhook its latency and fills the log with warnings.
     *
     * @throws IllegalStateException if a partition still has no leader after {@code timeout}
     */
    public static void awaitLeaders(final Admin admin, final Collection<String> names, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        String waitingFor = String.join(", ", names);
        while (System.nanoTime() < deadline) {
            try {
                final Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames()
                        .get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())), TimeUnit.MILLISECONDS);
                final Optional<String> leaderless = described.values().stream()
                        .filter(d -> d.partitions().stream().anyMatch(p -> p.leader() == null || p.leader().isEmpty()))
                        .map(TopicDescription::name).findFirst();
                if (leaderless.isEmpty()) {
                    return;
                }
                waitingFor = leaderless.get();
            } catch (final ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("cannot describe " + waitingFor + ": " + e.getCause().getMessage(), e.getCause());
                }
            } catch (final TimeoutException e) {
                break;
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(20);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("topic " + waitingFor + " has a partition without a leader after " + timeout);
    }

    public Set<String> names() {
        return all().stream().map(Topic::name).collect(Collectors.toUnmodifiableSet());
    }
}
