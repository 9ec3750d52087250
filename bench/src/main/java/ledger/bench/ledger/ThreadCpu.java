package ledger.bench.ledger;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * CPU time of this JVM's threads by role between two points, from the thread MXBean: where the CPU of a run went
 * (the ledger's stream threads, the broker, the clients' network threads, ...). Threads that end between the two
 * points are missing, so the roles add up to a little less than the process's CPU time.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> cpuById = new HashMap<>();

    private ThreadCpu() {
    }

    static ThreadCpu mark() {
        final ThreadCpu mark = new ThreadCpu();
        for (final long id : THREADS.getAllThreadIds()) {
            mark.cpuById.put(id, THREADS.getThreadCpuTime(id));
        }
        return mark;
    }

    /** CPU nanoseconds per role since this mark. */
    Map<String, Long> since(final String ledgerApplicationId) {
        final Map<String, Long> byRole = new LinkedHashMap<>();
        for (final String role : new String[] {"ledger stream threads", "ledger producer network", "broker", "other"}) {
            byRole.put(role, 0L);
        }
        for (final long id : THREADS.getAllThreadIds()) {
            final long now = THREADS.getThreadCpuTime(id);
            final ThreadInfo info = THREADS.getThreadInfo(id);
            if (now < 0 || info == null) {
                continue;
            }
            final long used = now - cpuById.getOrDefault(id, 0L);
            byRole.merge(role(info.getThreadName(), ledgerApplicationId), used, Long::sum);
            if (Boolean.getBoolean("bench.threads") && used > 100_000_000L) {
                System.out.printf(Locale.ROOT, "    thread %-90s %6.2f s cpu  [%s]%n", info.getThreadName(), used / 1e9,
                        role(info.getThreadName(), ledgerApplicationId));
            }
        }
        return byRole;
    }

    /**
     * @param processCpuNanos the process's CPU time over the same span: what the Java threads do not account for is
     *        the JVM's own threads (garbage collection, JIT compilers) and native ones (RocksDB's flushes and compactions)
     */
    static String perEvent(final Map<String, Long> byRole, final long processCpuNanos, final long events) {
        final StringJoiner joiner = new StringJoiner(", ");
        long threads = 0;
        for (final var e : byRole.entrySet()) {
            threads += e.getValue();
            joiner.add(String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue() / 1e3 / events));
        }
        joiner.add(String.format(Locale.ROOT, "GC, JIT and RocksDB background %.0f", Math.max(0, processCpuNanos - threads) / 1e3 / events));
        return String.format(Locale.ROOT, "CPU per delivery: %.0f us (%s)", Math.max(threads, processCpuNanos) / 1e3 / events, joiner);
    }

    private static String role(final String name, final String ledgerApplicationId) {
        if (name.startsWith(ledgerApplicationId) && name.contains("StreamThread")) {
            return "ledger stream threads";
        }
        if (name.startsWith("kafka-producer-network-thread | " + ledgerApplicationId)) {
            return "ledger producer network";
        }
        if (name.startsWith("data-plane-kafka") || name.startsWith("kafka-") && !name.startsWith("kafka-producer-network-thread")
                && !name.startsWith("kafka-admin-client-thread") || name.startsWith("controller-") || name.startsWith("broker-")
                || name.startsWith("ExpirationReaper") || name.startsWith("transaction-") || name.startsWith("group-coordinator")
                || name.startsWith("LogDirFailureHandler") || name.startsWith("raft-") || name.startsWith("quorum-")
                || name.startsWith("share-") || name.startsWith("metrics-") || name.startsWith("executor-")
                || name.startsWith("TxnMarkerSenderThread") || name.startsWith("ReplicaFetcher") || name.startsWith("scheduler-")) {
            return "broker";
        }
        return "other";
    }
}
