package ledger.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where a running {@code ./ledger up} serves its infrastructure (Kafka, the schema registry, PostgreSQL), kept in the
 * data directory so that {@code ./ledger run gateway|ledger|report} finds it from another process. Written on every
 * start, since ports may be chosen at start.
 */
final class StackAddresses {

    static final String FILE = "stack.properties";
    private static final Set<String> KEYS = Set.of("KAFKA_BOOTSTRAP_SERVERS", "SCHEMA_REGISTRY_URL", "DATABASE_URL", "DATABASE_USER",
            "DATABASE_PASSWORD");

    private StackAddresses() {
    }

    static void write(final Path dataDir, final Map<String, String> env) {
        final Properties p = new Properties();
        env.forEach((key, value) -> {
            if (KEYS.contains(key)) {
                p.setProperty(key, value);
            }
        });
        final Path file = dataDir.resolve(FILE);
        try {
            Files.createDirectories(dataDir);
            final Path temporary = Files.createTempFile(dataDir, FILE, ".tmp");
            try (Writer out = Files.newBufferedWriter(temporary)) {
                p.store(out, "Where ./ledger up serves Kafka, the schema registry and PostgreSQL; read by ./ledger run.");
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The addresses a running stack wrote, or an empty map when none did. */
    static Map<String, String> read(final Path dataDir) {
        final Path file = dataDir.resolve(FILE);
        final Map<String, String> addresses = new TreeMap<>();
        if (!Files.exists(file)) {
            return addresses;
        }
        final Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        p.stringPropertyNames().stream().filter(KEYS::contains).forEach(key -> addresses.put(key, p.getProperty(key)));
        return addresses;
    }
}
