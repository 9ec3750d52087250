package ledger.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * CPU used during a phase, as shares of all cores, from /proc (in clock ticks, like /proc/stat): by this JVM
 * (benchmark, report service, embedded Kafka broker), by the benchmark's PostgreSQL (the postmaster started on
 * {@code postgresDataDir} and its backends), and by everything else on the machine. A large "others" share means
 * other programs ran during the measurement and its numbers are depressed.
 */
record MachineCpu(double jvmPercent, double postgresPercent, double othersPercent) {

    record Snapshot(long jvmTicks, long postgresTicks, long machineBusy, long machineTotal) {
    }

    static Snapshot snapshot(final Path postgresDataDir) {
        final long[] machine = machine();
        return new Snapshot(ticks(Path.of("/proc/self/stat")), postgresTicks(postgresDataDir), machine[0], machine[1]);
    }

    static MachineCpu since(final Snapshot before, final Path postgresDataDir) {
        final Snapshot now = snapshot(postgresDataDir);
        final double total = now.machineTotal() - before.machineTotal();
        if (total <= 0) {
            return new MachineCpu(Double.NaN, Double.NaN, Double.NaN);
        }
        final long jvm = now.jvmTicks() - before.jvmTicks();
        // Backends that ended during the phase took their ticks with them; never report less than nothing.
        final long postgres = Math.max(0, now.postgresTicks() - before.postgresTicks());
        final long busy = now.machineBusy() - before.machineBusy();
        return new MachineCpu(100 * jvm / total, 100 * postgres / total, Math.max(0, 100 * (busy - jvm - postgres) / total));
    }

    /** The 1-minute load average, or NaN where /proc/loadavg is not readable. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (final IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** A line to print after the phase, with a warning when other programs took a noticeable share. */
    String describe(final String phase) {
        final String line = String.format(Locale.ROOT, "CPU during %s, share of %d cores: this JVM %.0f%%, its PostgreSQL %.0f%%, other processes %.0f%%",
                phase, Runtime.getRuntime().availableProcessors(), jvmPercent, postgresPercent, othersPercent);
        return othersPercent > 10
                ? line + String.format(Locale.ROOT, "%nNOTE: other processes used %.0f%% of the machine during %s: its numbers are depressed", othersPercent, phase)
                : line;
    }

    /** utime + stime of the process whose stat file this is, in clock ticks; 0 where unreadable (it ended). */
    private static long ticks(final Path stat) {
        try {
            final String text = Files.readString(stat, StandardCharsets.US_ASCII);
            // Fields after the command name, which is in parentheses and may contain spaces.
            final String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (final IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The postmaster running on {@code dataDir} and its direct children (backends and background workers). */
    private static long postgresTicks(final Path dataDir) {
        if (dataDir == null) {
            return 0;
        }
        final String marker = "-D\0" + dataDir.toAbsolutePath();
        final Set<String> postmasters = new HashSet<>();
        final java.util.Map<String, String> parents = new java.util.HashMap<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (final Path process : processes) {
                try {
                    final String cmdline = Files.readString(process.resolve("cmdline"), StandardCharsets.ISO_8859_1);
                    if (cmdline.contains(marker + "\0") || cmdline.endsWith(marker)) {
                        postmasters.add(process.getFileName().toString());
                    }
                    final String stat = Files.readString(process.resolve("stat"), StandardCharsets.US_ASCII);
                    parents.put(process.getFileName().toString(), stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
                } catch (final IOException | RuntimeException e) {
                    // The process ended while we looked.
                }
            }
        } catch (final IOException e) {
            return 0;
        }
        long ticks = 0;
        for (final java.util.Map.Entry<String, String> process : parents.entrySet()) {
            if (postmasters.contains(process.getKey()) || postmasters.contains(process.getValue())) {
                ticks += ticks(Path.of("/proc", process.getKey(), "stat"));
            }
        }
        return ticks;
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
