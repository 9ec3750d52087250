package ledger.operator.status;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import ledger.operator.OpsConfig;
import ledger.operator.Progress;
import ledger.operator.db.ReportDatabase;
import ledger.operator.dlq.DeadLetterLog;
import ledger.operator.kafka.Kafka;
import ledger.report.persistence.StoredOffset;
import ledger.schemas.topics.Topic;
import ledger.schemas.topics.Topics;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.common.TopicPartition;

/**
 * What the system looks like right now: its topics and their end offsets, every consumer group reading them and how
 * far behind it is, and the dead letters waiting for an operator.
 */
public final class SystemStatus {

    /** One topic: its partitions' first and end offsets, or absent. */
    public record TopicStatus(String name, boolean exists, Map<Integer, Long> beginning, Map<Integer, Long> end) {
        public long records() {
            long n = 0;
            for (final Map.Entry<Integer, Long> e : end.entrySet()) {
                n += e.getValue() - beginning.getOrDefault(e.getKey(), 0L);
            }
            return n;
        }
    }

    /**
     * One consumer group reading our topics.
     *
     * @param service ledger, report or other
     * @param offsetSource where the positions come from: kafka, or the report database
     * @param lagByTopic records committed to the topic but not yet processed by the group
     */
    public record GroupStatus(String service, String groupId, String state, List<String> members, String offsetSource,
                              Map<String, Long> lagByTopic, String note) {
        public long lag() {
            return lagByTopic.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public record Status(List<TopicStatus> topics, List<GroupStatus> groups, DeadLetterLog.Summary deadLetters) {
    }

    private SystemStatus() {
    }

    public static Status collect(final Kafka kafka, final ReportDatabase database, final Progress progress) {
        final OpsConfig config = kafka.config();
        final Topics topics = config.topics();
        final Set<String> existing = kafka.topicNames();
        final String appId = config.ledgerApplicationId();

        final List<String> names = new ArrayList<>();
        topics.all().stream().map(Topic::name).forEach(names::add);
        names.add(config.integrationsTopic());
        names.add(config.activityTopic());
        existing.stream().filter(n -> isLedgerInternal(n, appId)).sorted().forEach(names::add);

        final Map<TopicPartition, Long> ends = new HashMap<>();
        final List<TopicStatus> topicStatuses = new ArrayList<>();
        for (final String name : names) {
            if (!existing.contains(name)) {
                topicStatuses.add(new TopicStatus(name, false, Map.of(), Map.of()));
                continue;
            }
            final List<TopicPartition> partitions = kafka.partitions(name);
            final Map<TopicPartition, Long> b = kafka.beginningOffsets(partitions);
            final Map<TopicPartition, Long> e = kafka.endOffsets(partitions);
            ends.putAll(e);
            topicStatuses.add(new TopicStatus(name, true, byPartition(b), byPartition(e)));
            progress.advance(1);
        }

        final List<GroupStatus> groups = new ArrayList<>();
        final List<TopicPartition> ledgerInputs = new ArrayList<>();
        ends.keySet().stream()
                .filter(tp -> tp.topic().equals(topics.payments().name()) || (isLedgerInternal(tp.topic(), appId) && tp.topic().endsWith("-repartition")))
                .forEach(ledgerInputs::add);
        groups.add(kafkaGroup(kafka, "ledger", appId, ends, ledgerInputs, "Streams application"));
        groups.add(reportGroup(kafka, database, config.reportGroupId(), topics, ends));
        final Set<String> ours = Set.copyOf(names);
        for (final GroupListing listing : kafka.await(kafka.admin().listGroups().all(), "list consumer groups")) {
            final String id = listing.groupId();
            if (id.equals(appId) || id.equals(config.reportGroupId())) {
                continue;
            }
            final Map<TopicPartition, Long> committed = kafka.committed(id);
            if (committed.keySet().stream().anyMatch(tp -> ours.contains(tp.topic()))) {
                groups.add(kafkaGroup(kafka, "other", id, ends, committed.keySet(), ""));
            }
            progress.advance(1);
        }

        final DeadLetterLog.Summary deadLetters = existing.contains(topics.deadLetters().name())
                ? DeadLetterLog.summarize(DeadLetterLog.read(kafka, topics, progress))
                : DeadLetterLog.Summary.EMPTY;
        return new Status(topicStatuses, groups, deadLetters);
    }

    static boolean isLedgerInternal(final String topic, final String appId) {
        return topic.startsWith(appId + "-") && (topic.endsWith("-repartition") || topic.endsWith("-changelog"));
    }

    private static GroupStatus kafkaGroup(final Kafka kafka, final String service, final String groupId,
                                          final Map<TopicPartition, Long> ends, final Collection<TopicPartition> partitions,
                                          final String note) {
        final Kafka.Group group = kafka.group(groupId);
        final Map<TopicPartition, Long> committed = kafka.committed(groupId);
        return new GroupStatus(service, groupId, group.state().toString(), group.members(), "kafka",
                lag(committed, ends, partitions), committed.isEmpty() ? "no committed offsets" : note);
    }

    /** The report sink keeps its true positions in PostgreSQL next to its rows; Kafka's copy is for monitoring only. */
    private static GroupStatus reportGroup(final Kafka kafka, final ReportDatabase database, final String groupId, final Topics topics,
                                           final Map<TopicPartition, Long> ends) {
        final Kafka.Group group = kafka.group(groupId);
        final List<TopicPartition> sunk = new ArrayList<>();
        ends.keySet().stream()
                .filter(tp -> tp.topic().equals(topics.payments().name()) || tp.topic().equals(topics.shiftEvents().name()))
                .forEach(sunk::add);
        final var problem = database.problem();
        if (problem.isEmpty()) {
            final Map<TopicPartition, Long> stored = new HashMap<>();
            for (final StoredOffset o : database.storedOffsets(groupId)) {
                stored.put(new TopicPartition(o.topic(), o.partition()), o.nextOffset());
            }
            return new GroupStatus("report", groupId, group.state().toString(), group.members(),
                    "database " + database.schema(), lag(stored, ends, sunk), "");
        }
        final Map<TopicPartition, Long> committed = kafka.committed(groupId);
        return new GroupStatus("report", groupId, group.state().toString(), group.members(), "kafka (monitoring copy)",
                lag(committed, ends, sunk), problem.get());
    }

    /** Per topic, end minus committed (a partition with nothing committed counts from its end: unknown, not lag). */
    private static Map<String, Long> lag(final Map<TopicPartition, Long> committed, final Map<TopicPartition, Long> ends,
                                         final Collection<TopicPartition> partitions) {
        final Map<String, Long> lag = new TreeMap<>();
        for (final TopicPartition tp : partitions) {
            final Long end = ends.get(tp);
            if (end == null) {
                continue;
            }
            final long position = committed.getOrDefault(tp, 0L);
            lag.merge(tp.topic(), Math.max(0, end - position), Long::sum);
        }
        return lag;
    }

    private static Map<Integer, Long> byPartition(final Map<TopicPartition, Long> offsets) {
        final Map<Integer, Long> result = new TreeMap<>();
        offsets.forEach((tp, o) -> result.put(tp.partition(), o));
        return result;
    }
}
