package ledger.operator.rebuild;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import ledger.operator.OpsConfig;
import ledger.operator.OpsException;
import ledger.operator.Progress;
import ledger.operator.db.ReportDatabase;
import ledger.operator.kafka.CatchUp;
import ledger.operator.kafka.Kafka;
import ledger.operator.kafka.TopicScan;
import ledger.report.app.ReportQueries;
import ledger.report.domain.ShiftReport;
import ledger.report.persistence.Database;
import ledger.report.persistence.SinkStore;
import ledger.report.persistence.StoredOffset;
import ledger.report.sink.ReportSink;
import ledger.report.sink.SinkStatus;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Rebuilds the report database into a new schema while the report service keeps serving the old one, then
 * switches readers to it.
 *
 * <ol>
 *   <li><b>build</b>: creates the schema with the service's own migrations and runs the service's own sink into it
 *       from the beginning of the payments and shift-events topics until it has stored everything on them. The sink
 *       stores its positions under the service's group id, so after the switch the service continues where the
 *       rebuild stopped. Running it again continues from there.</li>
 *   <li><b>verify</b>: compares every shift report of the new schema with the live one (totals and lines).</li>
 *   <li><b>switch</b> (report service stopped): a last catch-up, then in one transaction the live schema is renamed
 *       to {@code <schema>_before_<time>} (kept for rollback) and the new one takes the live name. Readers and the
 *       sink find the new data under the name they are configured with.</li>
 * </ol>
 * The store records when each row arrived ({@code ingested_at}); a shift report is "amended" when a row arrived
 * after the shift was closed. The rebuild stores every row again, so after catching up it gives each row the
 * arrival time the live schema recorded for it: the amended marks survive the rebuild and the verification compares
 * them like everything else. Rows the live schema never had keep the time the rebuild stored them.
 */
public final class ReportRebuild {

    public record Verification(long shifts, List<String> differences) {
    }

    private final Kafka kafka;
    private final OpsConfig config;

    public ReportRebuild(final Kafka kafka) {
        this.kafka = kafka;
        this.config = kafka.config();
    }

    /** Builds or continues the schema until it holds everything on the topics now; returns the rows stored in it. */
    public void build(final String schema, final Progress progress) {
        final Map<TopicPartition, Long> targets = new HashMap<>();
        targets.putAll(TopicScan.all(kafka, config.topics().payments().name()).end());
        targets.putAll(TopicScan.all(kafka, config.topics().shiftEvents().name()).end());
        try (Database database = Database.connect(config.databaseUrl(), config.databaseUser(), config.databasePassword(), schema)) {
            final SinkStore store = SinkStore.jdbi(database.jdbi());
            final Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
            props.put(ConsumerConfig.GROUP_ID_CONFIG, rebuildGroup(schema));
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, rebuildGroup(schema));
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
            final KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            try (ReportSink sink = ReportSink.start(consumer, config.topics(), config.reportGroupId(), store, new SimpleMeterRegistry(),
                    new SinkStatus(Clock.systemUTC()), Duration.ofMillis(200), Duration.ofSeconds(5))) {
                final long left = CatchUp.await(() -> CatchUp.pending(kafka, stored(store), targets), Duration.ofHours(24), progress);
                if (left > 0) {
                    throw new OpsException("the rebuild did not finish: " + left + " record(s) left");
                }
            }
            keepArrivalTimes(schema);
        } finally {
            try {
                kafka.admin().deleteConsumerGroups(List.of(rebuildGroup(schema))).all().get();
            } catch (final Exception ignored) {
                // The helper group holds no offsets that matter (the sink's positions are in the database); Kafka expires it.
            }
        }
    }

    /** Copies the live schema's {@code ingested_at} onto the same rows (by event id) of {@code schema}. */
    private void keepArrivalTimes(final String schema) {
        final String live = config.databaseSchema();
        if (!schemaExists(live)) {
            return;
        }
        ReportDatabase.of(config, "public").jdbi().useTransaction(h -> {
            for (final String table : List.of("payments", "shift_events")) {
                h.execute("UPDATE " + schema + "." + table + " AS rebuilt SET ingested_at = live.ingested_at FROM " + live + "." + table
                        + " AS live WHERE rebuilt.event_id = live.event_id AND rebuilt.ingested_at IS DISTINCT FROM live.ingested_at");
            }
        });
    }

    private Map<TopicPartition, Long> stored(final SinkStore store) {
        final Map<TopicPartition, Long> stored = new HashMap<>();
        for (final StoredOffset o : store.offsets(config.reportGroupId())) {
            stored.put(new TopicPartition(o.topic(), o.partition()), o.nextOffset());
        }
        return stored;
    }

    static String rebuildGroup(final String schema) {
        return "ledger-ops-rebuild-" + schema;
    }

    /** Every shift report of {@code rebuilt} compared with the live schema's: totals, lines and "amended" marks. */
    public Verification verify(final ReportDatabase live, final ReportDatabase rebuilt, final Progress progress) {
        final TreeSet<String> shifts = new TreeSet<>();
        shifts.addAll(shiftKeys(live));
        shifts.addAll(shiftKeys(rebuilt));
        progress.total(shifts.size());
        final ReportQueries liveQueries = new ReportQueries(live.jdbi());
        final ReportQueries rebuiltQueries = new ReportQueries(rebuilt.jdbi());
        final List<String> differences = new ArrayList<>();
        for (final String key : shifts) {
            final String orgId = key.substring(0, key.indexOf('/'));
            final String shiftId = key.substring(key.indexOf('/') + 1);
            final Optional<ShiftReport> a = liveQueries.shiftReport(orgId, shiftId);
            final Optional<ShiftReport> b = rebuiltQueries.shiftReport(orgId, shiftId);
            if (a.isEmpty() || b.isEmpty()) {
                differences.add(key + ": only in the " + (a.isEmpty() ? "rebuilt" : "live") + " schema");
            } else {
                if (!a.get().totals().equals(b.get().totals())) {
                    differences.add(key + ": totals live " + a.get().totals() + ", rebuilt " + b.get().totals());
                }
                if (!a.get().lines().equals(b.get().lines())) {
                    differences.add(key + ": lines differ (live " + a.get().lines().size() + ", rebuilt " + b.get().lines().size() + ")");
                }
                if (a.get().amended() != b.get().amended()) {
                    differences.add(key + ": amended live " + a.get().amended() + ", rebuilt " + b.get().amended());
                }
            }
            progress.advance(1);
        }
        return new Verification(shifts.size(), differences);
    }

    private static List<String> shiftKeys(final ReportDatabase database) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT DISTINCT org_id || '/' || shift_id FROM shift_events WHERE action = 'OPENED'")
                .mapTo(String.class).list());
    }

    /** Renames the live schema away and the rebuilt one to the live name, in one transaction; returns the old schema's new name. */
    public String switchTo(final String rebuilt, final Instant now) {
        final String live = config.databaseSchema();
        final String before = live + "_before_" + DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC).format(now);
        ReportDatabase.of(config, "public").jdbi().useTransaction(h -> {
            h.execute("ALTER SCHEMA " + live + " RENAME TO " + before);
            h.execute("ALTER SCHEMA " + rebuilt + " RENAME TO " + live);
        });
        return before;
    }

    public boolean schemaExists(final String schema) {
        return ReportDatabase.of(config, "public").jdbi().withHandle(h -> h.createQuery(
                "SELECT EXISTS (SELECT 1 FROM information_schema.schemata WHERE schema_name = :s)").bind("s", schema).mapTo(Boolean.class).one());
    }
}
