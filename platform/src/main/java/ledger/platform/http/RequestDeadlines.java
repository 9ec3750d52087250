package ledger.platform.http;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections whose request is read too slowly: Jetty 12 has an idle timeout, which every byte resets, and no
 * deadline for a whole request, so a client sending one byte a second would otherwise keep its connection forever.
 *
 * <p>A sweep looks at every open HTTP/1 connection a few times a second and reads the state of its request parser
 * (a volatile field, safe to read from this thread). A request starts with its first byte, or, on a fresh
 * connection, when the connection opens; its headers must be complete within the header deadline and the whole
 * request, headers and body, within the request deadline. Between keep-alive requests and while a handler runs,
 * only the connector's idle timeout applies. A connection past its deadline is closed without an answer, as a
 * client that slow would hardly read one. The sweep period bounds how late a deadline is enforced.
 *
 * <p>Registered as a bean of the Jetty server, so it starts and stops with it.
 */
final class RequestDeadlines extends AbstractLifeCycle {

    private static final Logger log = LoggerFactory.getLogger(RequestDeadlines.class);

    /** Where a connection's current request is, as far as these deadlines care. */
    enum Stage { HEADERS, BODY, NONE }

    private final Server server;
    private final long headerDeadlineNanos;
    private final long requestDeadlineNanos;
    private final Duration sweepPeriod;
    /** Only the sweep thread touches it. */
    private final Map<Connection, Tracked> tracked = new HashMap<>();
    private ScheduledExecutorService sweeper;

    private record Tracked(Stage stage, long messagesIn, long requestStartNanos) {
    }

    RequestDeadlines(final Server server, final Duration headerDeadline, final Duration requestDeadline, final Duration sweepPeriod) {
        this.server = server;
        this.headerDeadlineNanos = headerDeadline.toNanos();
        this.requestDeadlineNanos = requestDeadline.toNanos();
        this.sweepPeriod = sweepPeriod;
    }

    @Override
    protected void doStart() {
        sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final Thread thread = new Thread(runnable, "http-request-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        final long periodMs = sweepPeriod.toMillis();
        sweeper.scheduleWithFixedDelay(this::sweepSafely, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        sweeper.shutdownNow();
        tracked.clear();
    }

    private void sweepSafely() {
        try {
            sweep(System.nanoTime());
        } catch (final RuntimeException e) {
            // A failed sweep must not end the schedule: the next one tries again.
            log.warn("request deadline sweep failed", e);
        }
    }

    private void sweep(final long now) {
        final Map<Connection, Tracked> seen = new HashMap<>();
        for (final Connector connector : server.getConnectors()) {
            if (!(connector instanceof AbstractConnector network)) {
                continue;
            }
            for (final EndPoint endPoint : network.getConnectedEndPoints()) {
                if (endPoint.getConnection() instanceof HttpConnection connection) {
                    final Tracked state = observe(connection, now);
                    if (state != null && !expired(connection, state, now)) {
                        seen.put(connection, state);
                    }
                }
            }
        }
        tracked.clear();
        tracked.putAll(seen);
    }

    private Tracked observe(final HttpConnection connection, final long now) {
        final Stage stage = stage(connection.getParser(), connection.getMessagesIn());
        if (stage == Stage.NONE) {
            return null;
        }
        final long messagesIn = connection.getMessagesIn();
        final Tracked before = tracked.get(connection);
        final boolean sameRequest = before != null
                && (before.stage() == Stage.HEADERS || before.messagesIn() == messagesIn)
                && !(before.stage() == Stage.BODY && stage == Stage.HEADERS);
        return new Tracked(stage, messagesIn, sameRequest ? before.requestStartNanos() : now);
    }

    static Stage stage(final HttpParser parser, final long messagesIn) {
        if (parser.inContentState()) {
            return Stage.BODY;
        }
        // START on a fresh connection counts as reading headers (a client that connects and sends nothing is slow
        // too); START after a request is a keep-alive connection between requests.
        if (parser.inHeaderState() && (!parser.isStart() || messagesIn == 0)) {
            return Stage.HEADERS;
        }
        return Stage.NONE;
    }

    private boolean expired(final HttpConnection connection, final Tracked state, final long now) {
        final long elapsed = now - state.requestStartNanos();
        final String reason;
        if (state.stage() == Stage.HEADERS && elapsed > headerDeadlineNanos) {
            reason = "request headers not complete within " + Duration.ofNanos(headerDeadlineNanos);
        } else if (elapsed > requestDeadlineNanos) {
            reason = "request not complete within " + Duration.ofNanos(requestDeadlineNanos);
        } else {
            return false;
        }
        // Debug only: under a slow-client attack this would be a line per connection.
        log.debug("closing {} from {}: {}", connection, connection.getEndPoint().getRemoteSocketAddress(), reason);
        connection.getEndPoint().close(new TimeoutException(reason));
        return true;
    }
}
