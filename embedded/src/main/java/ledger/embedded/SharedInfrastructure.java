package ledger.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One broker and one database per JVM, started on first use and stopped when the JVM exits.
 *
 * <p>Test suites share these and isolate themselves by topic prefix, application id and schema, so a
 * whole module's tests pay for one start of each.
 */
public final class SharedInfrastructure {

    private static EmbeddedKafka kafka;
    private static EmbeddedPostgres postgres;

    private SharedInfrastructure() {
    }

    public static synchronized EmbeddedKafka kafka() {
        if (kafka == null) {
            kafka = EmbeddedKafka.start(tempDir("kafka"), 0);
            final EmbeddedKafka started = kafka;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "embedded-kafka-shutdown"));
        }
        return kafka;
    }

    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            tempDir("postgres"); // zonky unpacks its binaries under java.io.tmpdir, which must exist
            postgres = EmbeddedPostgres.start(null, 0);
            final EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "embedded-postgres-shutdown"));
        }
        return postgres;
    }

    /** A fresh directory under {@code java.io.tmpdir} (which the build points under {@code target/}). */
    public static Path tempDir(final String name) {
        try {
            final Path base = Path.of(System.getProperty("java.io.tmpdir"));
            Files.createDirectories(base);
            return Files.createTempDirectory(base, name);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
