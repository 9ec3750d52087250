package ledger.bench.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import ledger.balance.app.LedgerConfig;
import ledger.balance.app.LedgerMain;

/**
 * One ledger instance ({@link LedgerMain}) in an operating-system process of its own, on this JVM's class path, so
 * that {@link #kill()} is a real crash: SIGKILL, no final commit, no goodbye to the consumer group.
 */
final class LedgerProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;
    /** The operator credential the service was started with, sent with every GET (null: none). */
    private final String adminToken;

    private LedgerProcess(final Process process, final int port, final Path log, final String adminToken) {
        this.process = process;
        this.adminToken = adminToken;
        this.port = port;
        this.log = log;
    }

    /** Starts {@link LedgerMain} with exactly {@code env} as its ledger settings; its output goes to {@code log}. */
    static LedgerProcess start(final Map<String, String> env, final Path log) {
        try {
            Files.createDirectories(log.getParent());
            final ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx768m", "-XX:+UseSerialGC",
                    "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=ledger.events",
                    "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                    "-DBENCH_LOG=" + log,
                    // -Dbench.ledgerLogback=FILE gives the ledger processes another logback configuration (e.g. Kafka at INFO).
                    "-Dlogback.configurationFile=" + System.getProperty("bench.ledgerLogback", "logback.xml"),
                    "-cp", System.getProperty("java.class.path"),
                    LedgerMain.class.getName());
            builder.environment().keySet().removeAll(LedgerConfig.VARIABLES);
            builder.environment().putAll(env);
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            return new LedgerProcess(builder.start(), Integer.parseInt(env.get("LEDGER_PORT")), log, env.get("ADMIN_TOKEN"));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> with(final Map<String, String> base, final String... keysAndValues) {
        final Map<String, String> env = new HashMap<>(base);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            env.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return env;
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

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** The status and body of {@code GET path} on this instance; status 0 when it does not answer. */
    Reply get(final String path) {
        try {
            final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).GET();
            if (adminToken != null) {
                request.header("Authorization", "Bearer " + adminToken);
            }
            final HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (final IOException e) {
            return new Reply(0, e.toString());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(0, "interrupted");
        }
    }

    boolean ready() {
        return get("/health/ready").status() == 200;
    }

    record Reply(int status, String body) {
    }
}
