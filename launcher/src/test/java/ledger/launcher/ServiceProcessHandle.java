package ledger.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A service started as {@code ./ledger run SERVICE} does it ({@link LedgerCli} {@code run}), in an operating-system
 * process of its own on this test's class path, so that {@link #kill()} is a real crash: SIGKILL, no shutdown hook,
 * no final commit, no goodbye to the consumer group.
 */
final class ServiceProcessHandle implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;
    /** The operator credential the service was started with, sent with every GET (null: none). */
    private final String adminToken;

    private ServiceProcessHandle(final Process process, final int port, final Path log, final String adminToken) {
        this.process = process;
        this.adminToken = adminToken;
        this.port = port;
        this.log = log;
    }

    /**
     * Runs {@code ledger run <service> --data-dir <dataDir>} with {@code env} over a clean environment of ledger settings.
     *
     * @param port the port the service is told to listen on (its PORT variable is in {@code env})
     */
    static ServiceProcessHandle start(final String service, final Path dataDir, final Map<String, String> env, final int port, final Path log) {
        try {
            Files.createDirectories(log.getParent());
            final ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m",
                    // Quick to start and light on a busy machine: C1 only, one GC thread.
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=ledger.events",
                    "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                    "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                    LedgerCli.class.getName(), "run", service, "--data-dir", dataDir.toString());
            builder.environment().keySet().removeIf(key -> key.startsWith("LEDGER_") || key.startsWith("GATEWAY_") || key.startsWith("REPORT_")
                    || key.startsWith("KAFKA_") || key.startsWith("DATABASE_") || key.equals("SCHEMA_REGISTRY_URL") || key.equals("TOPIC_PREFIX"));
            builder.environment().putAll(env);
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            return new ServiceProcessHandle(builder.start(), port, log, env.get("ADMIN_TOKEN"));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL (what {@link Process#destroyForcibly()} sends on Linux), and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** The status of {@code GET path}, 0 when the service does not answer. */
    int status(final String path) {
        return get(path).statusCode();
    }

    String body(final String path) {
        return get(path).body();
    }

    private HttpResponse<String> get(final String path) {
        try {
            final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).GET();
            if (adminToken != null) {
                request.header("Authorization", "Bearer " + adminToken);
            }
            return HTTP.send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (final IOException e) {
            return new NoAnswer(e.toString());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return new NoAnswer("interrupted");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    /** A GET that got no HTTP answer: status 0. */
    private record NoAnswer(String body) implements HttpResponse<String> {
        @Override public int statusCode() { return 0; }
        @Override public HttpRequest request() { return null; }
        @Override public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
        @Override public java.net.http.HttpHeaders headers() { return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true); }
        @Override public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
        @Override public URI uri() { return null; }
        @Override public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
    }
}
