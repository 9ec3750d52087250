package ledger.platform.kafka;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that makes Kafka sends nobody waits for, so a request thread never blocks in {@code send()}: a
 * producer that lost its metadata while the broker is away blocks there for up to {@code max.block.ms}. At most
 * {@code capacity} sends wait; beyond that a send is dropped with a warning. Only for records whose loss is
 * acceptable (a Check's record, an activity refresh): a record that carries money is sent and awaited by its caller.
 */
public final class BackgroundSends implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackgroundSends.class);

    private final String name;
    private final int capacity;
    private final ThreadPoolExecutor executor;

    public BackgroundSends(final String name, final int capacity) {
        this.name = name;
        this.capacity = capacity;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity), runnable -> {
            final Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Runs {@code send} on the background thread; returns at once.
     *
     * @param what names the record in a warning, e.g. its event id
     */
    public void submit(final String what, final Runnable send) {
        try {
            executor.execute(() -> {
                try {
                    send.run();
                } catch (final KafkaException e) {
                    log.warn("{}: could not send {}: {}", name, what, e.toString());
                }
            });
        } catch (final RejectedExecutionException e) {
            log.warn("{}: dropped {}: {} sends already waiting for Kafka", name, what, capacity);
        }
    }

    /** Lets waiting sends start for up to five seconds, then stops. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
