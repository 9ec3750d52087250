package ledger.platform.http;

import java.time.Duration;
import java.util.Map;

import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpStatus;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.server.handler.EagerContentHandler.RetainedContentLoaderFactory;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that hardens a service's Javalin (Jetty 12) server against slow and malformed clients; every
 * service calls {@link #apply(JavalinConfig)} when it builds its app.
 *
 * <p>Guarantees, with the default {@link Settings}:
 * <ul>
 *   <li>a client whose request headers are not complete 10 s after its first byte (or after it connects) is
 *       disconnected, and so is one whose whole request, headers and body, is not read within 12 s: every slow
 *       client is gone within 15 s ({@link RequestDeadlines});</li>
 *   <li>request bodies up to 64 KiB are read asynchronously before a handler runs, so a client dribbling its body
 *       holds no thread, only a buffer, until its deadline; request headers are read asynchronously by Jetty
 *       anyway. The thread pool is bounded (200);</li>
 *   <li>a connection idle between requests is closed after 30 s;</li>
 *   <li>request headers, request line included, are limited to 8 KiB: a longer URI answers 414, longer headers 431;</li>
 *   <li>every error Jetty answers itself (400, 413, 414, 431, ...) is a JSON {@code {"error": ...}}
 *       ({@link JsonErrorHandler}), never its HTML page.</li>
 * </ul>
 * Errors that reach Javalin stay with each service's own exception mappers.
 */
public final class HardenedHttp {

    private static final Logger log = LoggerFactory.getLogger(HardenedHttp.class);

    private HardenedHttp() {
    }

    /** Hardens the server with the default settings. */
    public static void apply(final JavalinConfig config) {
        apply(config, Settings.defaults());
    }

    public static void apply(final JavalinConfig config, final Settings settings) {
        config.jetty.threadPool = threadPool(settings);
        config.jetty.modifyHttpConfiguration(http -> configure(http, settings));
        config.jetty.modifyServer(server -> configure(server, settings));
        // A client that leaves mid-body reaches the handler as a failed body read (the body is read before the
        // handler runs). Not a server error: the services' catch-all mappers would log each one with a stack trace.
        config.routes.exception(EofException.class, (e, ctx) -> {
            log.debug("client left before its request was read: {} {}: {}", ctx.method(), ctx.path(), e.toString());
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", "request body incomplete"));
        });
    }

    private static QueuedThreadPool threadPool(final Settings settings) {
        final QueuedThreadPool pool = new QueuedThreadPool(settings.maxThreads(), settings.minThreads(), 60_000);
        pool.setName("http");
        return pool;
    }

    private static void configure(final HttpConfiguration http, final Settings settings) {
        // Jetty answers 414 when the request line alone exceeds this, and 431 when the headers do.
        http.setRequestHeaderSize(settings.maxRequestHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
    }

    private static void configure(final Server server, final Settings settings) {
        server.setErrorHandler(new JsonErrorHandler());
        server.setHandler(readBodyFirst(server.getHandler(), settings));
        server.addBean(new RequestDeadlines(server, settings.headerDeadline(), settings.requestDeadline(), settings.sweepPeriod()));
        // Javalin adds its connector after this runs and before the server starts.
        server.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(final LifeCycle event) {
                for (final Connector connector : server.getConnectors()) {
                    if (connector instanceof AbstractConnector network) {
                        network.setIdleTimeout(settings.idleTimeout().toMillis());
                    }
                }
            }
        });
    }

    /**
     * Reads up to {@code eagerBodyBytes} of each request body without a thread before Javalin's servlet (which reads
     * bodies blocking) sees the request. Larger bodies are not refused here: the rest is read by the handler as
     * before, so each service's own size limit and its error body still apply.
     */
    private static Handler readBodyFirst(final Handler existing, final Settings settings) {
        final EagerContentHandler eager = new EagerContentHandler(
                new RetainedContentLoaderFactory(settings.eagerBodyBytes(), -1, false));
        if (existing != null) {
            eager.setHandler(existing);
        }
        return eager;
    }

    /**
     * @param headerDeadline         a request's headers must be complete this long after its first byte (or after a
     *                               fresh connection opens)
     * @param requestDeadline        the whole request, headers and body, must be read within this
     * @param idleTimeout            a connection with nothing happening on it is closed after this; also bounds a
     *                               blocked read or write of a request in progress
     * @param maxThreads             the most threads the server uses
     * @param minThreads             the threads kept even when idle
     * @param maxRequestHeaderBytes  the request line and headers together; beyond it 414 or 431
     * @param eagerBodyBytes         bodies up to this size are read before a handler thread is taken
     * @param sweepPeriod            how often the deadlines are checked, so how late they may be enforced
     */
    public record Settings(Duration headerDeadline, Duration requestDeadline, Duration idleTimeout, int maxThreads,
                           int minThreads, int maxRequestHeaderBytes, int eagerBodyBytes, Duration sweepPeriod) {

        public Settings {
            requirePositive(headerDeadline, "headerDeadline");
            requirePositive(requestDeadline, "requestDeadline");
            requirePositive(idleTimeout, "idleTimeout");
            requirePositive(sweepPeriod, "sweepPeriod");
            if (requestDeadline.compareTo(headerDeadline) < 0) {
                throw new IllegalArgumentException("requestDeadline " + requestDeadline + " is shorter than headerDeadline " + headerDeadline);
            }
            // Jetty's pool needs a few threads for its selectors and acceptors before any request is handled.
            if (minThreads < 1 || maxThreads < Math.max(minThreads, 8)) {
                throw new IllegalArgumentException("threads: need 1 <= minThreads <= maxThreads and maxThreads >= 8, got "
                        + minThreads + ".." + maxThreads);
            }
            if (maxRequestHeaderBytes < 1024 || eagerBodyBytes < 0) {
                throw new IllegalArgumentException("maxRequestHeaderBytes must be >= 1024 and eagerBodyBytes >= 0");
            }
        }

        /**
         * 10 s for headers and 12 s for a whole request: generous for a phone on a poor network sending a few
         * kilobytes, and with the 250 ms sweep well inside the 15 s in which every slow client must be gone. 30 s
         * idle is Jetty's own default, written out. 200 threads: the services' handlers are short and mostly wait
         * on Kafka or the database. 8 KiB of headers is Jetty's default and more than any client of ours sends;
         * 64 KiB of eager body covers the largest body we accept (the gateway's webhook limit).
         */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(10), Duration.ofSeconds(12), Duration.ofSeconds(30), 200, 8,
                    8 * 1024, 64 * 1024, Duration.ofMillis(250));
        }

        public Settings withDeadlines(final Duration headers, final Duration request) {
            return new Settings(headers, request, idleTimeout, maxThreads, minThreads, maxRequestHeaderBytes, eagerBodyBytes, sweepPeriod);
        }

        public Settings withThreads(final int min, final int max) {
            return new Settings(headerDeadline, requestDeadline, idleTimeout, max, min, maxRequestHeaderBytes, eagerBodyBytes, sweepPeriod);
        }

        private static void requirePositive(final Duration value, final String name) {
            if (value == null || value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
        }
    }
}
