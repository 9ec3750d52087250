package ledger.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ledger.bench.common.BenchGateway;
import ledger.events.NotificationKind;
import ledger.events.PaymentEvent;
import ledger.gateway.notification.NotificationForm;
import ledger.gateway.notification.NotificationMapper;
import ledger.gateway.notification.Signature;
import ledger.schemas.serde.AvroSerdes;
import ledger.schemas.topics.Topics;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The CPU cost of the gateway's own steps for one webhook, in one thread, without HTTP or Kafka: signature check,
 * form parsing, mapping to a PaymentEvent, and Avro serialization with the schema registry client (the producer's
 * value serializer). Measured as this thread's CPU time, so other processes on the machine hardly disturb it, unlike
 * the throughput numbers.
 */
final class WebhookPathCost {

    /** CPU nanoseconds per webhook for each step. */
    record Cost(double verify, double parse, double map, double serialize) {
        double total() {
            return verify + parse + map + serialize;
        }

        String line() {
            return String.format(Locale.ROOT, "gateway's own steps, 1 thread, CPU us per webhook: signature %.1f, parse %.1f, map %.1f, "
                    + "Avro serialize %.1f; total %.1f", verify / 1e3, parse / 1e3, map / 1e3, serialize / 1e3, total() / 1e3);
        }
    }

    private WebhookPathCost() {
    }

    static Cost measure(final String registryUrl, final String secret, final int batch, final int rounds) {
        final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        final Serializer<PaymentEvent> serializer = Topics.create("", Map.of(AvroSerdes.SCHEMA_REGISTRY_URL, registryUrl))
                .payments().valueSerde().serializer();
        final List<String> secrets = List.of(secret);
        final byte[][] bodies = new byte[batch][];
        final Map<String, String>[] headers = newHeaderArray(batch);
        final NotificationForm[] forms = new NotificationForm[batch];
        final PaymentEvent[] events = new PaymentEvent[batch];
        final Instant now = Instant.now();
        long verify = 0;
        long parse = 0;
        long map = 0;
        long serialize = 0;
        long sink = 0;
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < batch; i++) {
                bodies[i] = GatewayBenchmark.payBody(9_000_000_000L + (long) round * batch + i);
                headers[i] = Map.of(Signature.CONTENT_HMAC, Signature.sign(secret, bodies[i]));
            }
            long t = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < batch; i++) {
                if (!Signature.verify(bodies[i], headers[i], secrets).isValid()) {
                    throw new IllegalStateException("signature");
                }
            }
            long t2 = cpu.getCurrentThreadCpuTime();
            verify += t2 - t;
            t = t2;
            for (int i = 0; i < batch; i++) {
                forms[i] = ((NotificationForm.Parsed) NotificationForm.parse(bodies[i], "application/x-www-form-urlencoded",
                        StandardCharsets.UTF_8)).form();
            }
            t2 = cpu.getCurrentThreadCpuTime();
            parse += t2 - t;
            t = t2;
            for (int i = 0; i < batch; i++) {
                events[i] = ((NotificationMapper.Mapped) NotificationMapper.map(BenchGateway.ORG, NotificationKind.PAY, forms[i], now)).event();
            }
            t2 = cpu.getCurrentThreadCpuTime();
            map += t2 - t;
            t = t2;
            for (int i = 0; i < batch; i++) {
                sink += serializer.serialize("payments", events[i]).length;
            }
            t2 = cpu.getCurrentThreadCpuTime();
            serialize += t2 - t;
            if (round == rounds / 2) {
                // the first half is warm-up
                verify = 0;
                parse = 0;
                map = 0;
                serialize = 0;
            }
        }
        if (sink == 0) {
            throw new IllegalStateException("nothing serialized");
        }
        final double n = (double) batch * (rounds - rounds / 2 - 1);
        return new Cost(verify / n, parse / n, map / n, serialize / n);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String>[] newHeaderArray(final int size) {
        return new Map[size];
    }
}
