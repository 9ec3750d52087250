package ledger.balance.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The ledger instance's stable name in its consumer group ({@code group.instance.id}). Kafka lets a static member that
 * comes back under the same name take its partitions back without a rebalance and without waiting for the crashed
 * process's session to time out; two running instances must never share a name (the broker fences the older one).
 *
 * <p>{@code LEDGER_INSTANCE_ID} names the instance explicitly (a pod's stable name, say). Otherwise the name is
 * generated on the first start and kept next to the state, in {@code LEDGER_STATE_DIR/}{@value #FILE}: the state
 * directory already belongs to exactly one running instance (Kafka Streams locks it), and an instance restarted on the
 * same state is the same member.
 */
public final class InstanceId {

    /** The file under the state directory that keeps a generated name. */
    public static final String FILE = "ledger-instance-id";

    private InstanceId() {
    }

    static boolean valid(final String id) {
        return id.length() <= 100 && id.matches("[A-Za-z0-9._-]+");
    }

    /** The configured name, or the one kept in the state directory (generated and written there the first time). */
    public static String resolve(final LedgerConfig config) {
        if (!config.instanceId().isEmpty()) {
            return config.instanceId();
        }
        final Path file = config.stateDir().resolve(FILE);
        try {
            if (Files.exists(file)) {
                final String kept = Files.readString(file).trim();
                if (!valid(kept)) {
                    throw new IllegalStateException(file + " holds no valid instance id ('" + kept + "'); delete it to have a new one generated");
                }
                return kept;
            }
            Files.createDirectories(config.stateDir());
            final String generated = "ledger-" + UUID.randomUUID().toString().substring(0, 8);
            final Path temporary = Files.createTempFile(config.stateDir(), FILE, ".tmp");
            Files.writeString(temporary, generated + "\n");
            Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return generated;
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot keep the ledger's instance id in " + file, e);
        }
    }
}
