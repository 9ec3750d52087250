package ledger.operator.replay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import ledger.operator.ConfigException;
import ledger.operator.OpsConfig;
import ledger.operator.kafka.Kafka;
import ledger.operator.kafka.TopicScan;
import ledger.operator.db.ReportDatabase;
import ledger.report.persistence.OffsetDao;
import ledger.report.persistence.StoredOffset;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Moves a service's positions on its input topics, as {@code kafka-consumer-groups --reset-offsets} does, with the
 * service stopped (Kafka refuses offset changes for a group with active members, and a running instance would
 * overwrite them).
 *
 * <ul>
 *   <li><b>ledger</b> (a Streams application): its committed offsets on the payments topic. Its state stays: every
 *       payment it reads again is a duplicate and moves no money. Wiping the state as well is only right from the
 *       very beginning; that is {@code rebuild ledger}.</li>
 *   <li><b>report</b>: the sink's positions live in PostgreSQL ({@code consumer_offsets}) next to its rows, and Kafka's
 *       copy is for monitoring; both are moved, the database in one transaction.</li>
 *   <li>any other group (a backend service reading balance events): its committed offsets, Kafka only.</li>
 * </ul>
 */
public final class OffsetReset {

    /** What kind of service owns the group. */
    public enum Kind { LEDGER, REPORT, GROUP }

    /** One partition's move; {@code current} is null when nothing was committed. */
    public record Move(TopicPartition partition, Long current, long target) {
        /** Records skipped (positive) or to be processed again (negative). */
        public long skipped(final long beginning) {
            return target - (current == null ? beginning : current);
        }
    }

    /**
     * @param beginning each partition's first offset, to tell how far a move goes when nothing was committed
     */
    public record Plan(Kind kind, String service, String groupId, List<Move> moves, Map<TopicPartition, Long> beginning) {

        public long reprocessed() {
            return moves.stream().mapToLong(m -> Math.max(0, -m.skipped(beginning.getOrDefault(m.partition(), 0L)))).sum();
        }

        public long skipped() {
            return moves.stream().mapToLong(m -> Math.max(0, m.skipped(beginning.getOrDefault(m.partition(), 0L)))).sum();
        }
    }

    private OffsetReset() {
    }

    /** Which group and input topics {@code service} names: ledger, report, or a consumer group id. */
    public static Plan plan(final Kafka kafka, final ReportDatabase database, final String service, final List<String> topicsOption,
                            final TopicScan.Position to) {
        final OpsConfig config = kafka.config();
        final Kind kind;
        final String groupId;
        final List<String> topics = new ArrayList<>();
        final Map<TopicPartition, Long> current = new HashMap<>();
        switch (service) {
            case "ledger" -> {
                kind = Kind.LEDGER;
                groupId = config.ledgerApplicationId();
                topics.add(config.topics().payments().name());
                current.putAll(kafka.committed(groupId));
            }
            case "report" -> {
                kind = Kind.REPORT;
                groupId = config.reportGroupId();
                topics.add(config.topics().payments().name());
                topics.add(config.topics().shiftEvents().name());
                database.requireReachable();
                for (final StoredOffset o : database.storedOffsets(groupId)) {
                    current.put(new TopicPartition(o.topic(), o.partition()), o.nextOffset());
                }
            }
            default -> {
                kind = Kind.GROUP;
                groupId = service;
                current.putAll(kafka.committed(groupId));
                final Set<String> committedTopics = new TreeSet<>();
                current.keySet().forEach(tp -> committedTopics.add(tp.topic()));
                topics.addAll(committedTopics);
                if (topics.isEmpty() && topicsOption.isEmpty()) {
                    throw new ConfigException("group " + groupId + " has no committed offsets; name its topics with --topic");
                }
            }
        }
        if (!topicsOption.isEmpty()) {
            for (final String t : topicsOption) {
                if (kind != Kind.GROUP && !topics.contains(t)) {
                    throw new ConfigException("the " + service + " service does not read " + t + "; it reads " + topics);
                }
            }
            topics.retainAll(topicsOption);
            if (kind == Kind.GROUP) {
                topicsOption.stream().filter(t -> !topics.contains(t)).forEach(topics::add);
            }
        }
        final List<Move> moves = new ArrayList<>();
        final Map<TopicPartition, Long> beginning = new HashMap<>();
        for (final String topic : topics) {
            final TopicScan.Range range = TopicScan.range(kafka, topic, to, new TopicScan.Latest());
            beginning.putAll(kafka.beginningOffsets(range.start().keySet()));
            range.start().forEach((tp, target) -> moves.add(new Move(tp, current.get(tp), target)));
        }
        moves.sort(Comparator.comparing((Move m) -> m.partition().topic()).thenComparingInt(m -> m.partition().partition()));
        return new Plan(kind, service, groupId, moves, beginning);
    }

    /** Applies the plan; the service must be stopped. */
    public static void apply(final Kafka kafka, final ReportDatabase database, final Plan plan) {
        kafka.requireInactive(plan.groupId(), "the " + plan.service() + " service");
        if (plan.kind() == Kind.REPORT) {
            final List<StoredOffset> offsets = plan.moves().stream()
                    .map(m -> new StoredOffset(m.partition().topic(), m.partition().partition(), m.target())).toList();
            database.jdbi().useTransaction(h -> h.attach(OffsetDao.class).saveAll(plan.groupId(), offsets));
        }
        final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        plan.moves().forEach(m -> offsets.put(m.partition(), new OffsetAndMetadata(m.target(), "reset by ledger-ops")));
        kafka.await(kafka.admin().alterConsumerGroupOffsets(plan.groupId(), offsets).all(),
                "move the offsets of group " + plan.groupId() + " (is an instance still running?)");
    }
}
