package ledger.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

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
 * A real Apache Kafka cluster in this JVM: one KRaft controller and {@code brokers} brokers, each a
 * {@link KafkaRaftServer} with its own log directory and port, configured as production is (replication factor 3,
 * {@code min.insync.replicas} 2, for the internal topics too).
 *
 * <p>{@link #stopBroker} takes a broker away without a controlled shutdown, so the controller learns of it only when
 * its heartbeats stop, as after a crash; {@link #startBroker} brings it back on the same log directory and port,
 * and it catches up from the others. The controller is kept apart from the brokers so that losing brokers never
 * takes the metadata quorum with it: what is tested is the data path.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
    private static final int CONTROLLER_ID = 100;

    private final Path dataDir;
    private final String clusterId = Uuid.randomUuid().toString();
    private final int controllerPort = EmbeddedKafka.freePort();
    private final KafkaRaftServer controller;
    private final List<Integer> brokerPorts = new ArrayList<>();
    private final KafkaRaftServer[] brokers;

    private EmbeddedKafkaCluster(final Path dataDir, final int brokerCount) {
        this.dataDir = dataDir;
        this.brokers = new KafkaRaftServer[brokerCount];
        for (int i = 0; i < brokerCount; i++) {
            brokerPorts.add(EmbeddedKafka.freePort());
        }
        this.controller = start(CONTROLLER_ID, controllerProps());
    }

    /** Starts the controller and {@code brokerCount} brokers, and waits until every broker is registered. */
    public static EmbeddedKafkaCluster start(final Path dataDir, final int brokerCount) {
        final EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(dataDir, brokerCount);
        try {
            for (int i = 0; i < brokerCount; i++) {
                cluster.startBroker(i);
            }
            cluster.awaitBrokers(brokerCount);
            log.info("Kafka cluster ready at {} (data in {})", cluster.bootstrapServers(), dataDir);
            return cluster;
        } catch (final RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return brokerPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /** The broker with this index (0-based) as {@code node.id} Kafka reports (1-based). */
    public static int nodeId(final int broker) {
        return broker + 1;
    }

    public synchronized void startBroker(final int broker) {
        if (brokers[broker] != null) {
            throw new IllegalStateException("broker " + broker + " is running");
        }
        brokers[broker] = start(nodeId(broker), brokerProps(broker));
    }

    /** Stops the broker without a controlled shutdown: leadership is not handed over first, as after a crash. */
    public synchronized void stopBroker(final int broker) {
        final KafkaRaftServer server = brokers[broker];
        if (server == null) {
            throw new IllegalStateException("broker " + broker + " is not running");
        }
        brokers[broker] = null;
        server.shutdown();
        server.awaitShutdown();
        log.info("broker {} (node {}) stopped", broker, nodeId(broker));
    }

    /** Waits until {@code count} brokers are registered and unfenced. */
    public void awaitBrokers(final int count) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            while (true) {
                try {
                    if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() >= count) {
                        return;
                    }
                } catch (final ExecutionException | TimeoutException e) {
                    // not yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("fewer than " + count + " brokers registered after 60 s");
                }
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Properties common(final int nodeId) {
        final Properties props = new Properties();
        props.put("node.id", Integer.toString(nodeId));
        props.put("controller.quorum.voters", CONTROLLER_ID + "@127.0.0.1:" + controllerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", dataDir.resolve("node-" + nodeId).toString());
        // Notice a silent broker in 3 s instead of 9: a test cannot wait long, and nothing here pauses for seconds.
        props.put("broker.heartbeat.interval.ms", "500");
        props.put("broker.session.timeout.ms", "3000");
        return props;
    }

    private Properties controllerProps() {
        final Properties props = common(CONTROLLER_ID);
        props.put("process.roles", "controller");
        props.put("listeners", "CONTROLLER://127.0.0.1:" + controllerPort);
        // Topic defaults are the controller's to apply in KRaft.
        props.put("default.replication.factor", Integer.toString(Math.min(3, brokers.length)));
        props.put("min.insync.replicas", Integer.toString(Math.min(2, brokers.length)));
        props.put("num.partitions", "3");
        return props;
    }

    private Properties brokerProps(final int broker) {
        final Properties props = common(nodeId(broker));
        final int port = brokerPorts.get(broker);
        props.put("process.roles", "broker");
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        final String replicas = Integer.toString(Math.min(3, brokers.length));
        final String minIsr = Integer.toString(Math.min(2, brokers.length));
        props.put("offsets.topic.replication.factor", replicas);
        props.put("offsets.topic.num.partitions", "3");
        props.put("transaction.state.log.replication.factor", replicas);
        props.put("transaction.state.log.min.isr", minIsr);
        props.put("transaction.state.log.num.partitions", "3");
        props.put("share.coordinator.state.topic.replication.factor", replicas);
        props.put("share.coordinator.state.topic.min.isr", minIsr);
        props.put("min.insync.replicas", minIsr);
        props.put("auto.create.topics.enable", "false");
        props.put("group.initial.rebalance.delay.ms", "0");
        // A crash, not a goodbye: leadership moves only when the controller notices the broker is gone.
        props.put("controlled.shutdown.enable", "false");
        props.put("unclean.leader.election.enable", "false");
        return props;
    }

    private KafkaRaftServer start(final int nodeId, final Properties props) {
        try {
            final Path logDir = dataDir.resolve("node-" + nodeId);
            Files.createDirectories(logDir);
            new Formatter()
                    .setClusterId(clusterId)
                    .setNodeId(nodeId)
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(logDir.toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setIgnoreFormatted(true)
                    .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    .run();
            final KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            return server;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final Exception e) {
            throw new IllegalStateException("cannot start Kafka node " + nodeId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        for (int i = 0; i < brokers.length; i++) {
            if (brokers[i] != null) {
                stopBroker(i);
            }
        }
        controller.shutdown();
        controller.awaitShutdown();
    }
}
