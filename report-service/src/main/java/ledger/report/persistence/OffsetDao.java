package ledger.report.persistence;

import java.util.List;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The sink's stored positions, per consumer group. */
public interface OffsetDao {

    @SqlQuery("SELECT topic, partition, next_offset FROM consumer_offsets WHERE group_id = :groupId ORDER BY topic, partition")
    @RegisterConstructorMapper(StoredOffset.class)
    List<StoredOffset> forGroup(String groupId);

    @SqlBatch("""
            INSERT INTO consumer_offsets (group_id, topic, partition, next_offset)
            VALUES (:groupId, :topic, :partition, :nextOffset)
            ON CONFLICT (group_id, topic, partition)
            DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()
            """)
    void saveAll(@Bind("groupId") String groupId, @BindMethods List<StoredOffset> offsets);
}
