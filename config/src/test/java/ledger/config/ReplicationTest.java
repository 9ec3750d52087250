package ledger.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Replication settings: one copy unless told otherwise, and no setting a cluster could never satisfy. */
class ReplicationTest {

    @Test
    void oneCopyByDefaultAndWhatIsConfiguredOtherwise() {
        assertThat(Replication.fromEnv(new Env(Map.of()))).isEqualTo(Replication.SINGLE_BROKER);
        assertThat(Replication.fromEnv(new Env(Map.of("TOPIC_REPLICATION_FACTOR", "3", "TOPIC_MIN_INSYNC_REPLICAS", "2"))))
                .isEqualTo(new Replication((short) 3, 2));
    }

    @Test
    void moreInSyncCopiesThanCopiesOrNoCopyAtAllIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> Replication.fromEnv(new Env(Map.of("TOPIC_MIN_INSYNC_REPLICAS", "2"))))
                .hasMessageContaining("TOPIC_MIN_INSYNC_REPLICAS must be 1..TOPIC_REPLICATION_FACTOR (1), got 2");
        assertThatThrownBy(() -> Replication.fromEnv(new Env(Map.of("TOPIC_REPLICATION_FACTOR", "0"))))
                .hasMessageContaining("TOPIC_REPLICATION_FACTOR must be 1..16, got 0");
        assertThatThrownBy(() -> Replication.fromEnv(new Env(Map.of("TOPIC_REPLICATION_FACTOR", "three"))))
                .hasMessageContaining("TOPIC_REPLICATION_FACTOR");
    }
}
