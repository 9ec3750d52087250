package ledger.platform.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * HTTP over a plain socket, for what no well-behaved client does: malformed request lines, oversized headers, and
 * requests sent one byte a second.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** A parsed answer: status, the raw header block (lower-cased) and the body. */
    public record Answer(int status, String headers, String body) {
        public String contentType() {
            for (final String line : headers.split("\r\n")) {
                if (line.startsWith("content-type:")) {
                    return line.substring("content-type:".length()).trim();
                }
            }
            return "";
        }
    }

    /** Sends {@code request} as is and reads the answer until the server closes the connection. */
    public static Answer exchange(final int port, final byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            final String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            final int end = raw.indexOf("\r\n\r\n");
            if (!raw.startsWith("HTTP/1.1 ") || end < 0) {
                throw new IOException("not an HTTP answer: " + raw);
            }
            return new Answer(Integer.parseInt(raw.substring(9, 12)), raw.substring(0, end).toLowerCase(Locale.ROOT),
                    raw.substring(end + 4));
        }
    }

    public static Answer exchange(final int port, final String request) throws IOException {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * A client that sends {@code opening} at once and then one byte of {@code dribble} each second, as a slow-loris
     * attacker does. {@link #timeUntilClosed} tells how long the server put up with it.
     */
    public static final class Dribbler implements AutoCloseable {

        private static final ScheduledExecutorService TICKS = Executors.newScheduledThreadPool(1, runnable -> {
            final Thread thread = new Thread(runnable, "dribbler");
            thread.setDaemon(true);
            return thread;
        });

        private final Socket socket;
        private final long openedNanos;
        private final ScheduledFuture<?> ticks;

        public Dribbler(final int port, final String opening, final String dribble) throws IOException {
            socket = new Socket("127.0.0.1", port);
            openedNanos = System.nanoTime();
            socket.getOutputStream().write(opening.getBytes(StandardCharsets.ISO_8859_1));
            final byte[] bytes = dribble.getBytes(StandardCharsets.ISO_8859_1);
            final int[] next = {0};
            ticks = TICKS.scheduleAtFixedRate(() -> {
                try {
                    socket.getOutputStream().write(bytes[next[0]++ % bytes.length]);
                } catch (final IOException closed) {
                    // The server dropped us, which timeUntilClosed sees; throwing ends this schedule.
                    throw new IllegalStateException(closed);
                }
            }, 1, 1, TimeUnit.SECONDS);
        }

        /**
         * Blocks until the server closes the connection (end of stream or reset) and answers how long after opening
         * that was; fails if it is still open after {@code atMost}. Anything the server sent first is skipped.
         */
        public Duration timeUntilClosed(final Duration atMost) throws IOException {
            socket.setSoTimeout((int) atMost.toMillis());
            final InputStream in = socket.getInputStream();
            try {
                while (in.read() >= 0) {
                    // skip an answer, if any
                }
            } catch (final SocketTimeoutException stillOpen) {
                throw new AssertionError("connection still open after " + atMost, stillOpen);
            } catch (final SocketException reset) {
                // a reset is a close too
            }
            return Duration.ofNanos(System.nanoTime() - openedNanos);
        }

        @Override
        public void close() throws IOException {
            ticks.cancel(false);
            socket.close();
        }
    }
}
