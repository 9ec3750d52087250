package ledger.schemas.topics;

import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with the serdes of its keys and values: the one description shared by producers, Kafka Streams,
 * consumers and the operator CLI.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
}
