package ledger.operator.reconcile;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import ledger.events.PaymentEvent;
import ledger.gateway.organizations.Integration;
import ledger.operator.ConfigException;
import ledger.operator.Instants;
import ledger.operator.LedgerOps;
import ledger.operator.OpsConfig;
import ledger.operator.OpsException;
import ledger.operator.Progress;
import ledger.operator.Terminal;
import ledger.operator.history.PaymentHistory;
import ledger.operator.kafka.Kafka;
import ledger.schemas.topics.RecordTimestamps;
import ledger.schemas.topics.Topic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ledger-ops reconcile}: CloudPayments' transactions of a window against the ledger. */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = {"List the organization's CloudPayments transactions of a window (POST /v2/payments/list, with the credentials the "
                + "gateway stores, decrypted with GATEWAY_SECRET_KEY) and compare them with what the ledger holds: missing, mismatched "
                + "(amount, currency, account, status) and unknown to CloudPayments.",
                "--inject publishes the missing Pays (and missed Confirms) as reconciled payment events with the webhook's own event id, "
                        + "so the ledger credits them once, however often this runs and whether or not the webhook still arrives.",
                "Exit 0 when nothing is left to repair, 1 otherwise."})
public final class ReconcileCommand implements Callable<Integer> {

    @ParentCommand
    LedgerOps ops;

    @Option(names = "--org", required = true, description = "The organization.")
    String orgId;

    @Option(names = "--from", required = true, converter = Instants.class, description = "Window start (CloudPayments' CreatedDate), e.g. 2026-11-20T00:00:00Z.")
    Instant from;

    @Option(names = "--to", required = true, converter = Instants.class, description = "Window end, inclusive.")
    Instant to;

    @Option(names = "--inject", description = "Publish the missing payments as reconciled payment events.")
    boolean inject;

    @Option(names = "--dry-run", description = "With --inject: show what would be published; publish nothing.")
    boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    public Integer call() {
        if (!from.isBefore(to)) {
            throw new ConfigException("--from must be before --to");
        }
        final OpsConfig config = ops.config();
        final var cipher = config.secretCipher();
        final Terminal terminal = ops.terminal();
        final PrintWriter out = terminal.out();
        try (Kafka kafka = new Kafka(config)) {
            final Integration integration = OrgIntegrations.find(kafka, config.integrationsTopic(), orgId)
                    .orElseThrow(() -> new OpsException("organization " + orgId + " has no CloudPayments integration (topic " + config.integrationsTopic() + ")"));
            final String secret = cipher.decrypt(orgId, integration.secretCiphertext());
            final List<CloudPaymentsList.Transaction> listed;
            try (Progress progress = terminal.progress("listing CloudPayments transactions", 0)) {
                listed = new CloudPaymentsList(config.cloudPaymentsApiUrl()).list(integration.publicId(), secret, from, to, progress);
            }
            final PaymentHistory history;
            try (Progress progress = terminal.progress("reading payments", 0)) {
                history = PaymentHistory.read(kafka, config.topics(), orgId, progress);
            }
            final Reconciliation.Result result = Reconciliation.compare(orgId, listed, history, from, to, Instant.now());
            for (final Reconciliation.Finding f : result.findings()) {
                out.printf("%-16s %-12d %s%n", f.kind(), f.transactionId(), f.detail());
            }
            out.printf("reconcile %s %s..%s: CloudPayments listed %d transaction(s), %d payment(s), %d matching; the ledger holds %d payment(s) "
                            + "of the window; %d difference(s)%n", orgId, from, to, result.listed(), result.payments(), result.matched(),
                    result.ledgerPayments(), result.findings().size());
            final List<PaymentEvent> injections = result.injections();
            if (!inject) {
                if (!injections.isEmpty()) {
                    out.println(injections.size() + " of them can be repaired with --inject");
                }
                out.flush();
                return result.findings().isEmpty() ? LedgerOps.OK : LedgerOps.FAILED;
            }
            for (final PaymentEvent e : injections) {
                out.printf("%s %s: %d %s to %s%n", dryRun ? "would inject" : "inject", e.getEventId(), e.getAmountMinor(), e.getCurrency(), e.getCustomerId());
            }
            if (dryRun || injections.isEmpty()) {
                out.println(dryRun ? "dry run: " + injections.size() + " event(s) would be injected; nothing was published" : "nothing to inject");
                out.flush();
                return result.findings().isEmpty() ? LedgerOps.OK : LedgerOps.FAILED;
            }
            out.flush();
            terminal.confirm("publish " + injections.size() + " reconciled payment event(s) for " + orgId, "inject", yes);
            try (Progress progress = terminal.progress("injecting", injections.size())) {
                publish(kafka, config.topics().payments(), injections, progress);
            }
            out.println("injected " + injections.size() + " reconciled payment event(s); the ledger credits each once");
            out.flush();
            return injections.size() == result.findings().size() ? LedgerOps.OK : LedgerOps.FAILED;
        }
    }

    private static void publish(final Kafka kafka, final Topic<String, PaymentEvent> payments, final List<PaymentEvent> events, final Progress progress) {
        final List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (final PaymentEvent e : events) {
                final byte[] value = payments.valueSerde().serializer().serialize(payments.name(), e);
                sent.add(producer.send(new ProducerRecord<>(payments.name(), null, RecordTimestamps.of(e),
                        (e.getOrgId() + ":" + e.getCustomerId()).getBytes(java.nio.charset.StandardCharsets.UTF_8), value)));
            }
            producer.flush();
            for (final Future<RecordMetadata> f : sent) {
                f.get();
                progress.advance(1);
            }
        } catch (final ExecutionException e) {
            throw new OpsException("Kafka did not acknowledge an injected payment (" + e.getCause().getMessage()
                    + "); running reconcile --inject again is safe", e.getCause());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpsException("interrupted");
        }
    }
}
