package ledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.embedded.SharedInfrastructure;
import ledger.events.BalanceEvent;
import ledger.schemas.serde.AvroSerdes;
import ledger.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The foundation's promise, on the real embedded stack: a signed CloudPayments Pay delivered three times
 * credits once (to the test balance: the demo pays with a test card), emits one balance event and shows one
 * report line; and after a stop and a start on the same data directory, the balance and the report are unchanged.
 */
class EndToEndTest {

    @Test
    void aPayDeliveredThreeTimesCreditsOnceAndSurvivesARestart() throws Exception {
        final Path dataDir = SharedInfrastructure.tempDir("stack");
        final long transactionId = 4_200_000_001L;
        final String balanceBefore;
        final String reportBefore;
        final String shiftId;
        try (EmbeddedStack stack = EmbeddedStack.start(dataDir, EmbeddedStack.Ports.anyFree(), Map.of())) {
            final DemoTopUp.Result result = demo(stack).run(transactionId, 10_000, 3);
            shiftId = result.shiftId();

            // The demo pays with a test card: test money, kept apart from the (empty) live balances.
            assertThat(result.balance().path("testBalances").get(0).path("balanceMinor").asLong()).isEqualTo(10_000);
            assertThat(result.balance().path("balances")).isEmpty();
            assertThat(result.balance().path("sequence").asLong()).isEqualTo(1);
            assertThat(linesFor(result.report(), transactionId)).isEqualTo(1);

            final List<BalanceEvent> events = balanceEvents(stack, 1);
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.getSourceTransactionId()).isEqualTo(transactionId);
                assertThat(e.getAmountMinor()).isEqualTo(10_000);
                assertThat(e.getTestMode()).isTrue();
            });
            balanceBefore = result.balance().toString();
            reportBefore = result.report().path("totals").toString();
        }

        try (EmbeddedStack again = EmbeddedStack.start(dataDir, EmbeddedStack.Ports.anyFree(), Map.of())) {
            final DemoTopUp demo = demo(again);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(demo.balanceJsonForTest()).hasToString(balanceBefore));
            final JsonNode report = demo.reportForTest(shiftId);
            assertThat(report.path("totals")).hasToString(reportBefore);
            assertThat(linesFor(report, transactionId)).isEqualTo(1);
        }
    }

    private static DemoTopUp demo(final EmbeddedStack stack) {
        return new DemoTopUp(stack.gatewayUrl(), stack.ledgerUrl(), stack.reportUrl(), stack.env().get("ADMIN_TOKEN"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private static long linesFor(final JsonNode report, final long transactionId) {
        long lines = 0;
        for (final JsonNode line : report.path("payments")) {
            if (line.path("transactionId").asLong() == transactionId) {
                lines++;
            }
        }
        return lines;
    }

    /** Reads the whole balance-events topic (read_committed) until {@code expected} events, then checks no more follow. */
    private static List<BalanceEvent> balanceEvents(final EmbeddedStack stack, final int expected) {
        final Topics topics = Topics.create("", Map.of(AvroSerdes.SCHEMA_REGISTRY_URL, stack.registryUrl()));
        final List<BalanceEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, BalanceEvent> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.env().get("KAFKA_BOOTSTRAP_SERVERS"),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-balance-reader",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), topics.balanceEvents().valueSerde().deserializer())) {
            consumer.subscribe(Set.of(topics.balanceEvents().name()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (final ConsumerRecord<String, BalanceEvent> r : consumer.poll(Duration.ofMillis(200))) {
                    events.add(r.value());
                }
                return events.size() >= expected;
            });
            // Anything more than expected would have been committed with the first one: one more poll shows it.
            consumer.poll(Duration.ofMillis(500)).forEach(r -> events.add(r.value()));
        }
        return events;
    }
}
