package ledger.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU used during a phase: by this JVM (server, load generator and broker together) and by the whole machine
 * (from /proc/stat), both as a percentage of all cores. A machine much busier than this JVM means something else
 * ran during the measurement and the numbers are not this program's alone.
 */
record CpuUsage(long processCpuNanos, long wallNanos, double processPercent, double machinePercent) {

    record Snapshot(long processCpuNanos, long wallNanos, long machineBusy, long machineTotal) {
    }

    static Snapshot snapshot() {
        final long[] machine = machine();
        return new Snapshot(processCpuTime(), System.nanoTime(), machine[0], machine[1]);
    }

    static CpuUsage since(final Snapshot before) {
        final Snapshot now = snapshot();
        final long cpu = now.processCpuNanos() - before.processCpuNanos();
        final long wall = now.wallNanos() - before.wallNanos();
        final int cores = Runtime.getRuntime().availableProcessors();
        final long total = now.machineTotal() - before.machineTotal();
        final double machine = total <= 0 ? Double.NaN : 100.0 * (now.machineBusy() - before.machineBusy()) / total;
        return new CpuUsage(cpu, wall, 100.0 * cpu / wall / cores, machine);
    }

    private static long processCpuTime() {
        final var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** Busy and total jiffies of all cores, or zeros where /proc/stat is not readable. */
    private static long[] machine() {
        try {
            final String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < cpu.length && i <= 8; i++) {
                total += Long.parseLong(cpu[i]);
            }
            final long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]); // idle + iowait
            return new long[] {total - idle, total};
        } catch (final IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}
