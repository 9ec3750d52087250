package ledger.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.Predicate;

import ledger.bench.common.CpuUsage;
import ledger.bench.common.KeepAliveClient;
import ledger.bench.common.Percentiles;

/**
 * A closed-loop load: {@code connections} threads, one keep-alive connection each, each sending its next request
 * as soon as the previous answer is read, until the time is up or {@code maxRequests} were sent. Records every
 * request's latency (write of the request to the last byte of the answer).
 *
 * <p>Closed loop means a slow server is sent less, so latency under overload is understated compared with
 * CloudPayments' open-loop arrivals (coordinated omission); p99 here is the latency at the measured throughput.
 */
final class ClosedLoopLoad {

    /** The outcome of one run. */
    record Result(String label, int connections, long requests, long errors, long elapsedNanos, long[] sortedLatencyNanos,
                  int reconnects, String firstError, CpuUsage cpu) {

        double perSecond() {
            return requests * 1e9 / elapsedNanos;
        }

        double percentileMillis(final double p) {
            return Percentiles.nearestRank(sortedLatencyNanos, p) / 1e6;
        }

        double maxMillis() {
            return sortedLatencyNanos.length == 0 ? Double.NaN : sortedLatencyNanos[sortedLatencyNanos.length - 1] / 1e6;
        }

        /** CPU time of this whole process (server, client, broker) per webhook, in microseconds. */
        double processCpuMicrosPerRequest() {
            return requests == 0 ? Double.NaN : cpu.processCpuNanos() / 1e3 / requests;
        }

        String row() {
            return String.format(Locale.ROOT, "%-26s %9d %7d %12.0f %8.2f %8.2f %8.2f %8.2f %10.0f %9.0f%% %9.0f%%", label, requests, errors,
                    perSecond(), percentileMillis(0.50), percentileMillis(0.99), percentileMillis(0.999), maxMillis(),
                    processCpuMicrosPerRequest(), cpu.processPercent(), cpu.othersPercent());
        }

        static String header() {
            return String.format(Locale.ROOT, "%-26s %9s %7s %12s %8s %8s %8s %8s %10s %10s %10s", "endpoint", "webhooks", "errors", "webhooks/s",
                    "p50 ms", "p99 ms", "p99.9 ms", "max ms", "cpu us/req", "this jvm", "others");
        }
    }

    private ClosedLoopLoad() {
    }

    /**
     * @param requestFor builds the complete request bytes for a sequence number (called on the sending thread, not timed)
     * @param ok         whether an answer counts as a success
     */
    static Result run(final String label, final int port, final int connections, final Duration duration, final long maxRequests,
                      final AtomicLong sequence, final LongFunction<byte[]> requestFor, final Predicate<KeepAliveClient.Response> ok)
            throws InterruptedException {
        final CountDownLatch ready = new CountDownLatch(connections);
        final CountDownLatch go = new CountDownLatch(1);
        final AtomicLong sent = new AtomicLong();
        final long[][] latencies = new long[connections][];
        final long[] counts = new long[connections];
        final long[] errors = new long[connections];
        final int[] reconnects = new int[connections];
        final String[] firstErrors = new String[connections];
        final long[] startedAt = new long[1];
        final long[] finishedAt = new long[connections];
        final List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            final int me = c;
            final Thread thread = new Thread(() -> {
                long[] mine = new long[1 << 14];
                int n = 0;
                KeepAliveClient client = null;
                try {
                    client = new KeepAliveClient(port);
                    ready.countDown();
                    go.await();
                    final long deadline = startedAt[0] + duration.toNanos();
                    while (System.nanoTime() < deadline && sent.incrementAndGet() <= maxRequests) {
                        final byte[] request = requestFor.apply(sequence.getAndIncrement());
                        final long t0 = System.nanoTime();
                        boolean success;
                        try {
                            success = ok.test(client.exchange(request));
                        } catch (final IOException e) {
                            success = false;
                            if (firstErrors[me] == null) {
                                firstErrors[me] = e.toString();
                            }
                            if (!client.connected()) {
                                throw e; // no new connection to the server: this connection's share of the load ends
                            }
                        }
                        final long latency = System.nanoTime() - t0;
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, n * 2);
                        }
                        mine[n++] = latency;
                        if (!success) {
                            errors[me]++;
                        }
                    }
                } catch (final IOException | InterruptedException e) {
                    if (firstErrors[me] == null) {
                        firstErrors[me] = e.toString();
                    }
                    ready.countDown();
                } finally {
                    finishedAt[me] = System.nanoTime();
                    latencies[me] = Arrays.copyOf(mine, n);
                    counts[me] = n;
                    if (client != null) {
                        reconnects[me] = client.reconnects();
                        try {
                            client.close();
                        } catch (final IOException ignored) {
                            // closing after the run
                        }
                    }
                }
            }, label + "-client-" + c);
            thread.start();
            threads.add(thread);
        }
        ready.await();
        final CpuUsage.Mark cpuBefore = CpuUsage.mark();
        startedAt[0] = System.nanoTime();
        go.countDown();
        for (final Thread thread : threads) {
            thread.join();
        }
        final CpuUsage cpu = CpuUsage.since(cpuBefore);
        long total = 0;
        long failed = 0;
        int reconnected = 0;
        long last = startedAt[0];
        String firstError = null;
        for (int c = 0; c < connections; c++) {
            total += counts[c];
            failed += errors[c];
            reconnected += reconnects[c];
            last = Math.max(last, finishedAt[c]);
            if (firstError == null) {
                firstError = firstErrors[c];
            }
        }
        final long[] all = new long[(int) total];
        int at = 0;
        for (final long[] mine : latencies) {
            System.arraycopy(mine, 0, all, at, mine.length);
            at += mine.length;
        }
        Arrays.sort(all);
        return new Result(label, connections, total, failed, last - startedAt[0], all, reconnected, firstError, cpu);
    }
}
