package ledger.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, single-node Apache Kafka broker (KRaft, combined broker and controller) running in this JVM.
 *
 * <p>The log directory is formatted on first start and reused afterwards, so a restart with the same
 * directory keeps every topic, offset and transaction. Replication factors and the transaction log's
 * minimum ISR are 1 because there is one node; everything else is Kafka's production code path.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String CLUSTER_ID_FILE = "embedded-cluster-id";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path dataDir;
    private boolean closed;

    private EmbeddedKafka(final KafkaRaftServer server, final String bootstrapServers, final Path dataDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
    }

    /**
     * Formats {@code dataDir} if needed and starts the broker.
     *
     * @param dataDir where the log lives; reuse it to keep data across restarts
     * @param port the client port on 127.0.0.1, or 0 for any free port
     */
    public static EmbeddedKafka start(final Path dataDir, final int port) {
        try {
            Files.createDirectories(dataDir);
            final int brokerPort = port == 0 ? freePort() : port;
            final int controllerPort = freePort();
            final Path logDir = dataDir.resolve("log");
            final String clusterId = clusterId(dataDir);

            final Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", "1");
            props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
            props.put("controller.listener.names", "CONTROLLER");
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("log.dirs", logDir.toString());
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", "3");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("transaction.state.log.num.partitions", "3");
            props.put("share.coordinator.state.topic.replication.factor", "1");
            props.put("share.coordinator.state.topic.min.isr", "1");
            props.put("min.insync.replicas", "1");
            props.put("default.replication.factor", "1");
            props.put("num.partitions", "3");
            props.put("auto.create.topics.enable", "false");
            props.put("group.initial.rebalance.delay.ms", "0");
            props.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
            // A single node flushes via the OS page cache like any Kafka broker; durability across a
            // clean restart comes from the orderly shutdown below.
            props.put("controlled.shutdown.enable", "true");

            final KafkaConfig config = KafkaConfig.fromProps(props, false);
            final Formatter formatter = new Formatter()
                    .setClusterId(clusterId)
                    .setNodeId(1)
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(logDir.toString())
                    .setDirectories(java.util.List.of(logDir.toString()))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setIgnoreFormatted(true)
                    .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            formatter.run();

            final KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            final String bootstrap = "127.0.0.1:" + brokerPort;
            awaitReady(bootstrap);
            log.info("Kafka broker ready at {} (data in {})", bootstrap, dataDir);
            return new EmbeddedKafka(server, bootstrap, dataDir);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final Exception e) {
            throw new IllegalStateException("cannot start the embedded Kafka broker in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
    }

    private static void awaitReady(final String bootstrap) throws InterruptedException, TimeoutException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (final ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new TimeoutException("broker at " + bootstrap + " not ready after 60 s: " + e.getMessage());
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("broker at " + bootstrap + " not ready after 60 s");
                }
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
    }

    private static String clusterId(final Path dataDir) throws IOException {
        final Path file = dataDir.resolve(CLUSTER_ID_FILE);
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        final String id = Uuid.randomUuid().toString();
        Files.writeString(file, id);
        return id;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For callers that want a readable duration in logs. */
    static String seconds(final Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
