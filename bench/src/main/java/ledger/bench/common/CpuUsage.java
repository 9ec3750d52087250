package ledger.bench.common;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * CPU used during a phase, as shares of all cores: by this JVM (benchmark, services and embedded broker together,
 * from its CPU time), by the benchmark's PostgreSQL where it has one (the postmaster started on its data directory
 * and its backends, from /proc), and by the whole machine (from /proc/stat). A machine much busier than this JVM and
 * its PostgreSQL means other programs ran during the measurement, and its numbers are not this benchmark's alone.
 */
public record CpuUsage(long processCpuNanos, double processPercent, double postgresPercent, double machinePercent) {

    /** A point in time to measure from. */
    public record Mark(long processCpuNanos, long wallNanos, long machineBusy, long machineTotal, Path postgresDataDir, long postgresTicks) {
    }

    /** A mark for a benchmark without PostgreSQL. */
    public static Mark mark() {
        return mark(null);
    }

    /** A mark that also follows the PostgreSQL running on {@code postgresDataDir}. */
    public static Mark mark(final Path postgresDataDir) {
        final long[] machine = machine();
        return new Mark(processCpuTime(), System.nanoTime(), machine[0], machine[1], postgresDataDir, postgresTicks(postgresDataDir));
    }

    public static CpuUsage since(final Mark before) {
        final Mark now = mark(before.postgresDataDir());
        final long cpu = now.processCpuNanos() - before.processCpuNanos();
        final long wall = Math.max(1, now.wallNanos() - before.wallNanos());
        final int cores = Runtime.getRuntime().availableProcessors();
        final long total = now.machineTotal() - before.machineTotal();
        // Backends that ended during the phase took their ticks with them; never report less than nothing.
        final long postgres = Math.max(0, now.postgresTicks() - before.postgresTicks());
        return new CpuUsage(cpu, 100.0 * cpu / wall / cores, total <= 0 ? Double.NaN : 100.0 * postgres / total,
                total <= 0 ? Double.NaN : 100.0 * (now.machineBusy() - before.machineBusy()) / total);
    }

    /** The share of all cores that neither this JVM nor its PostgreSQL used. */
    public double othersPercent() {
        return Math.max(0, machinePercent - processPercent - postgresPercent);
    }

    /** This JVM's share and the other processes', in a few words. */
    public String summary() {
        return String.format(Locale.ROOT, "cpu: this jvm %.0f%% of %d cores, other processes %.0f%%", processPercent,
                Runtime.getRuntime().availableProcessors(), othersPercent());
    }

    /** A line to print after the phase, with a warning when other programs took a noticeable share. */
    public String describe(final String phase) {
        final String line = String.format(Locale.ROOT, "CPU during %s, share of %d cores: this JVM %.0f%%, its PostgreSQL %.0f%%, other processes %.0f%%",
                phase, Runtime.getRuntime().availableProcessors(), processPercent, postgresPercent, othersPercent());
        return line + othersNote(phase, "its numbers are depressed").map(note -> System.lineSeparator() + note).orElse("");
    }

    /**
     * A note that other processes took a noticeable share of the machine (over 10%) during the phase, if they did.
     *
     * @param during the phase, e.g. "this run"
     * @param effect what it did to the phase's figures, e.g. "its numbers are depressed"
     */
    public Optional<String> othersNote(final String during, final String effect) {
        return othersPercent() > 10
                ? Optional.of(String.format(Locale.ROOT, "NOTE: other processes used %.0f%% of the machine during %s: %s", othersPercent(), during, effect))
                : Optional.empty();
    }

    /** The 1-minute load average, or NaN where /proc/loadavg is not readable. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (final IOException | RuntimeException e) {
            return Double.NaN;
        }
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

    /** Clock ticks of the postmaster running on {@code dataDir} and its direct children (backends and background workers). */
    private static long postgresTicks(final Path dataDir) {
        if (dataDir == null) {
            return 0;
        }
        final String marker = "-D\0" + dataDir.toAbsolutePath();
        final Set<String> postmasters = new HashSet<>();
        final Map<String, String> parents = new HashMap<>();
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
        for (final Map.Entry<String, String> process : parents.entrySet()) {
            if (postmasters.contains(process.getKey()) || postmasters.contains(process.getValue())) {
                ticks += ticks(Path.of("/proc", process.getKey(), "stat"));
            }
        }
        return ticks;
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
}
