package ledger.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server started from the binaries packaged in zonky's jar.
 *
 * <p>With a data directory, the cluster is initialised once and reused, so reports survive a restart.
 * The JDBC URL points at the {@code postgres} database as user {@code postgres}.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres;
    private boolean closed;

    private EmbeddedPostgres(final io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts PostgreSQL.
     *
     * @param dataDir the cluster directory, kept across restarts; {@code null} for a throw-away cluster
     * @param port the port on 127.0.0.1, or 0 for any free port
     */
    public static EmbeddedPostgres start(final Path dataDir, final int port) {
        try {
            final var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("fsync", "on");
            if (dataDir != null) {
                Files.createDirectories(dataDir);
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
            }
            if (port != 0) {
                builder.setPort(port);
            }
            final var pg = builder.start();
            log.info("PostgreSQL ready at {}", pg.getJdbcUrl("postgres", "postgres"));
            return new EmbeddedPostgres(pg);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public String user() {
        return "postgres";
    }

    public String password() {
        return "postgres";
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            postgres.close();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
