package ledger.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ledger.embedded.SharedInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Test helper: the shared broker, topic names no other test uses, and a plain reader of a topic's raw records. */
public final class TestTopics {

    private TestTopics() {
    }

    public static String bootstrapServers() {
        return SharedInfrastructure.kafka().bootstrapServers();
    }

    /** A topic name (or prefix) of its own for one test: {@code <what>-<random>}. */
    public static String unique(final String what) {
        return "pt-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Every record of {@code topic}'s only partition, read with a plain consumer, independently of the code under test. */
    public static List<ConsumerRecord<String, String>> readAll(final String topic) {
        final TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            final long end = consumer.endOffsets(List.of(partition)).get(partition);
            final List<ConsumerRecord<String, String>> records = new ArrayList<>();
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(topic + " was not read to its end offset " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
