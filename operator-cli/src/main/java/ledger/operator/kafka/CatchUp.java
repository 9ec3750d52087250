package ledger.operator.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import ledger.operator.OpsException;
import ledger.operator.Progress;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a service has processed everything up to a point. A position counts as caught up when no committed data
 * record lies between it and the target: transaction markers and aborted records take offsets but are nothing to
 * process, so comparing numbers alone would wait forever on a transactional topic.
 */
public final class CatchUp {

    /** Gaps longer than this are counted as offsets, not read record by record. */
    private static final long READ_GAPS_UP_TO = 1_000;

    private CatchUp() {
    }

    /** Committed data records in {@code [position, target)} over all partitions of {@code targets}. */
    public static long pending(final Kafka kafka, final Map<TopicPartition, Long> positions, final Map<TopicPartition, Long> targets) {
        long pending = 0;
        final Map<TopicPartition, Long> start = new HashMap<>();
        final Map<TopicPartition, Long> end = new HashMap<>();
        for (final Map.Entry<TopicPartition, Long> t : targets.entrySet()) {
            final long position = positions.getOrDefault(t.getKey(), 0L);
            if (position >= t.getValue()) {
                continue;
            }
            if (t.getValue() - position > READ_GAPS_UP_TO) {
                pending += t.getValue() - position;
            } else {
                start.put(t.getKey(), position);
                end.put(t.getKey(), t.getValue());
            }
        }
        if (!start.isEmpty()) {
            final Map<String, Map<TopicPartition, Long>> startByTopic = new HashMap<>();
            start.forEach((tp, o) -> startByTopic.computeIfAbsent(tp.topic(), x -> new HashMap<>()).put(tp, o));
            for (final Map.Entry<String, Map<TopicPartition, Long>> topic : startByTopic.entrySet()) {
                final Map<TopicPartition, Long> topicEnd = new HashMap<>();
                topic.getValue().keySet().forEach(tp -> topicEnd.put(tp, end.get(tp)));
                // Records may have been deleted below the position (repartition topics are purged): start at the log start.
                final Map<TopicPartition, Long> logStart = kafka.beginningOffsets(topic.getValue().keySet());
                final Map<TopicPartition, Long> from = new HashMap<>();
                topic.getValue().forEach((tp, o) -> from.put(tp, Math.max(o, logStart.get(tp))));
                final AtomicLong count = new AtomicLong();
                TopicScan.read(kafka, new TopicScan.Range(topic.getKey(), from, topicEnd), Progress.silent(), r -> count.incrementAndGet());
                pending += count.get();
            }
        }
        return pending;
    }

    /** Something that reports how many records a service still has to process. */
    @FunctionalInterface
    public interface Backlog {
        long pending();
    }

    /**
     * Waits until {@code backlog} is empty; returns the backlog left when {@code maxWait} ran out (0 when caught up).
     */
    public static long await(final Backlog backlog, final Duration maxWait, final Progress progress) {
        final long deadline = System.nanoTime() + maxWait.toNanos();
        long first = -1;
        while (true) {
            final long pending = backlog.pending();
            if (first < 0) {
                first = pending;
                progress.total(first);
            }
            if (pending == 0 || System.nanoTime() > deadline) {
                progress.advance(Math.max(0, first - pending - progress.done()));
                return pending;
            }
            progress.advance(Math.max(0, first - pending - progress.done()));
            pause(Duration.ofMillis(250));
        }
    }

    /** Waits between two polls of something the tool is waiting for; an interrupt ends the command. */
    public static void pause(final Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpsException("interrupted");
        }
    }

    /** The application's internal repartition topics (its inputs besides the source topic). */
    public static List<String> repartitionTopics(final Kafka kafka, final String applicationId) {
        return kafka.topicNames().stream().filter(t -> t.startsWith(applicationId + "-") && t.endsWith("-repartition")).sorted().toList();
    }
}
