package ledger.operator.audit;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import ledger.operator.Durations;
import ledger.operator.LedgerOps;
import ledger.operator.OpsConfig;
import ledger.operator.Progress;
import ledger.operator.Terminal;
import ledger.operator.db.ReportDatabase;
import ledger.operator.history.PaymentHistory;
import ledger.operator.kafka.Kafka;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ledger-ops audit}: recompute balances and shift reports and print every difference. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Recompute every balance from the payments topic with the ledger's own rule and compare it with the ledger's "
                + "balances (LEDGER_URL) and each customer's last balance event; check the report database's rows against the topics "
                + "and recompute every shift report from the rows. Changes nothing.",
                "Exit 0 when everything matches, 1 when any difference is found."})
public final class AuditCommand implements Callable<Integer> {

    /** What to audit. */
    enum Part { all, balances, reports }

    @ParentCommand
    LedgerOps ops;

    @Option(names = "--org", description = "Only this organization.")
    String orgId;

    @Option(names = "--only", defaultValue = "all", description = "all, balances or reports (default: ${DEFAULT-VALUE}).")
    Part only;

    @Option(names = "--max-wait", defaultValue = "60s", converter = Durations.class,
            description = "How long to wait for the ledger and the report sink to process what is on the topics (default: ${DEFAULT-VALUE}; 0 = compare at once).")
    Duration maxWait;

    @Option(names = "--limit", defaultValue = "1000", description = "Print at most this many differences (all are counted; default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        final OpsConfig config = ops.config();
        final Terminal terminal = ops.terminal();
        final PrintWriter out = terminal.out();
        final List<Difference> differences = new ArrayList<>();
        final List<String> summary = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        try (Kafka kafka = new Kafka(config)) {
            final ReportDatabase database = ReportDatabase.of(config);
            if (only != Part.balances) {
                database.requireReachable();
            }
            final PaymentHistory history;
            try (Progress progress = terminal.progress("reading payments", 0)) {
                history = PaymentHistory.read(kafka, config.topics(), orgId, progress);
            }
            if (only != Part.reports) {
                final BalanceAudit.Result balances = new BalanceAudit(kafka, new LedgerClient(config.ledgerUrl(), config.ledgerToken(), Duration.ofSeconds(30)), terminal)
                        .run(history, orgId, maxWait);
                differences.addAll(balances.differences());
                notes.addAll(balances.notes());
                summary.add("balances: " + balances.customers() + " customer(s) from " + balances.payments() + " payment event(s) and "
                        + balances.balanceEvents() + " balance event(s), " + balances.differences().size() + " difference(s)");
            }
            if (only != Part.balances) {
                final ReportAudit.Result reports = new ReportAudit(kafka, database, terminal).run(history, orgId, maxWait);
                differences.addAll(reports.differences());
                summary.add("reports: " + reports.paymentRows() + " payment row(s), " + reports.shiftEventRows() + " shift event row(s), "
                        + reports.shifts() + " shift report(s), " + reports.differences().size() + " difference(s)");
            }
        }
        differences.stream().limit(limit).forEach(out::println);
        if (differences.size() > limit) {
            out.println("... and " + (differences.size() - limit) + " more");
        }
        notes.forEach(n -> out.println("note: " + n));
        summary.forEach(s -> out.println("audit " + s));
        out.println(differences.isEmpty() ? "audit: no differences" : "audit: " + differences.size() + " difference(s)");
        out.flush();
        return differences.isEmpty() ? LedgerOps.OK : LedgerOps.FAILED;
    }
}
