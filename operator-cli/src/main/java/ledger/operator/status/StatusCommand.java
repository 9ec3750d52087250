package ledger.operator.status;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import ledger.operator.LedgerOps;
import ledger.operator.Progress;
import ledger.operator.Terminal;
import ledger.operator.db.ReportDatabase;
import ledger.operator.kafka.Kafka;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ledger-ops status}: topics, end offsets, consumer lag per service, dead letters. Changes nothing. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show topics (partitions, records, end offsets), each service's consumer group (state, members, lag) "
                + "and the dead letters by reason. Changes nothing.",
                "Exit 0 when everything could be read, 1 when Kafka could not."})
public final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    LedgerOps ops;

    @Option(names = "--offsets", description = "Also print every partition's end offset.")
    boolean offsets;

    @Override
    public Integer call() {
        final Terminal terminal = ops.terminal();
        final PrintWriter out = terminal.out();
        final SystemStatus.Status status;
        try (Kafka kafka = new Kafka(ops.config()); Progress progress = terminal.progress("reading status", 0)) {
            status = SystemStatus.collect(kafka, ReportDatabase.of(ops.config()), progress);
        }
        out.printf("Topics (TOPIC_PREFIX '%s')%n", ops.config().topicPrefix());
        out.printf("  %-48s %10s %12s%n", "TOPIC", "PARTITIONS", "RECORDS");
        for (final SystemStatus.TopicStatus t : status.topics()) {
            if (!t.exists()) {
                out.printf("  %-48s %10s %12s%n", t.name(), "-", "(missing)");
                continue;
            }
            out.printf("  %-48s %10d %12d%n", t.name(), t.end().size(), t.records());
            if (offsets) {
                out.println("      end offsets: " + t.end().entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                        .collect(Collectors.joining(" ")));
            }
        }
        out.println();
        out.println("Consumers");
        out.printf("  %-8s %-32s %-12s %7s %10s  %s%n", "SERVICE", "GROUP", "STATE", "MEMBERS", "LAG", "DETAIL");
        for (final SystemStatus.GroupStatus g : status.groups()) {
            final String detail = g.lagByTopic().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", ")) + " [offsets: " + g.offsetSource() + "]" + (g.note().isEmpty() ? "" : " " + g.note());
            out.printf("  %-8s %-32s %-12s %7d %10d  %s%n", g.service(), g.groupId(), g.state(), g.members().size(), g.lag(), detail);
        }
        out.println();
        out.println("Dead letters: " + status.deadLetters().total()
                + (status.deadLetters().total() == 0 ? "" : " (" + format(status.deadLetters().byReason()) + "; by service: "
                + format(status.deadLetters().byService()) + ")  -> ledger-ops dlq list"));
        out.flush();
        return LedgerOps.OK;
    }

    private static String format(final Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
