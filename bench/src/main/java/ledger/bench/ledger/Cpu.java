package ledger.bench.ledger;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * CPU used during a phase, as a share of all cores: by this JVM (broker, registry, ledger and load generator
 * together) and by the whole machine (from /proc/stat). A machine much busier than this JVM means something else
 * ran during the measurement.
 */
record Cpu(double processPercent, double machinePercent, long processNanos) {

    /** A point in time to measure from. */
    record Mark(long processNanos, long machineBusy, long machineTotal, long wallNanos) {
    }

    static Mark mark() {
        final long[] machine = machine();
        final var os = ManagementFactory.getOperatingSystemMXBean();
        final long process = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
        return new Mark(process, machine[0], machine[1], System.nanoTime());
    }

    static Cpu since(final Mark before) {
        final Mark now = mark();
        final int cores = Runtime.getRuntime().availableProcessors();
        final long wall = Math.max(1, now.wallNanos() - before.wallNanos());
        final long total = now.machineTotal() - before.machineTotal();
        return new Cpu(100.0 * (now.processNanos() - before.processNanos()) / wall / cores,
                total <= 0 ? Double.NaN : 100.0 * (now.machineBusy() - before.machineBusy()) / total, now.processNanos() - before.processNanos());
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "cpu: this jvm %.0f%% of %d cores, other processes %.0f%%", processPercent,
                Runtime.getRuntime().availableProcessors(), Math.max(0, machinePercent - processPercent));
    }

    /** Busy and total jiffies of all cores, or zeros where /proc/stat is not readable. */
    private static long[] machine() {
        try {
            final String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < cpu.length && i <= 8; i++) {
                total += Long.parseLong(cpu[i]);
            }
            final long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
            return new long[] {total - idle, total};
        } catch (final IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}
