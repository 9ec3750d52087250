package ledger.operator.replay;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import ledger.operator.CommandGroup;
import ledger.operator.ConfigException;
import ledger.operator.Confirmation;
import ledger.operator.Instants;
import ledger.operator.LedgerOps;
import ledger.operator.OpsConfig;
import ledger.operator.Progress;
import ledger.operator.Terminal;
import ledger.operator.db.ReportDatabase;
import ledger.operator.kafka.Kafka;
import ledger.operator.kafka.TopicScan;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ledger-ops replay redeliver|reset}. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        subcommands = {ReplayCommand.Redeliver.class, ReplayCommand.Reset.class},
        description = "Re-deliver a range of a topic to the services, or move a service's position to a point in time.")
public final class ReplayCommand extends CommandGroup {

    /** Where a range starts: a time, offsets, or the beginning. */
    static final class From {
        @Option(names = "--from", converter = Instants.class, description = "First business time to include (record timestamp), e.g. 2026-11-20T10:00:00Z.")
        Instant time;

        @Option(names = "--from-offsets", split = ",", paramLabel = "PARTITION:OFFSET", description = "First offsets, e.g. 0:120,3:98 (other partitions: from the beginning).")
        List<String> offsets;

        @Option(names = "--from-beginning", description = "From the first record still on the topic.")
        boolean beginning;
    }

    /** Where a range ends (exclusive). */
    static final class To {
        @Option(names = "--to", converter = Instants.class, description = "Stop before this business time.")
        Instant time;

        @Option(names = "--to-offsets", split = ",", paramLabel = "PARTITION:OFFSET", description = "Stop before these offsets (other partitions: at the end).")
        List<String> offsets;
    }

    @Command(name = "redeliver", mixinStandardHelpOptions = true,
            description = {"Append a range of payments or shift-events again, byte for byte (same event ids), so every service reading the "
                    + "topic sees it again. The services are idempotent by event id: what they had is a duplicate, what they lost is applied.",
                    "The range ends at the topic's end when the command starts."})
    static final class Redeliver implements Callable<Integer> {

        @ParentCommand
        ReplayCommand replay;

        @Option(names = "--topic", defaultValue = "payments", description = "payments or shift-events, without TOPIC_PREFIX (default: ${DEFAULT-VALUE}).")
        String topic;

        @ArgGroup(exclusive = true, multiplicity = "1")
        From from;

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        To to;

        @Option(names = "--org", description = "Only this organization's records.")
        String orgId;

        @Mixin
        Confirmation confirmation;

        @Override
        public Integer call() {
            final OpsConfig config = replay.ops().config();
            final String name = switch (topic) {
                case "payments" -> config.topics().payments().name();
                case "shift-events" -> config.topics().shiftEvents().name();
                default -> throw new ConfigException("--topic must be payments or shift-events, got '" + topic + "' (balance events are the "
                        + "ledger's output: to show them to a consumer again, move its group with 'replay reset --service GROUP')");
            };
            final Terminal terminal = replay.ops().terminal();
            final PrintWriter out = terminal.out();
            try (Kafka kafka = new Kafka(config)) {
                final TopicScan.Range range = TopicScan.range(kafka, name, start(from), end(to));
                out.println("range: " + range.describe() + ", " + range.size() + " offset(s)" + (orgId == null ? "" : ", organization " + orgId));
                out.flush();
                if (confirmation.dryRun()) {
                    final long count;
                    try (Progress progress = terminal.progress("counting", range.size())) {
                        count = Redelivery.count(kafka, range, orgId, progress);
                    }
                    return confirmation.dryRunDone(out, count + " record(s) would be re-delivered to " + name + "; nothing was sent");
                }
                if (range.size() == 0) {
                    out.println("nothing to re-deliver");
                    out.flush();
                    return LedgerOps.OK;
                }
                confirmation.confirm(terminal, "re-deliver up to " + range.size() + " record(s) of " + name, "redeliver");
                final long sent;
                try (Progress progress = terminal.progress("re-delivering", range.size())) {
                    sent = Redelivery.execute(kafka, range, orgId, progress);
                }
                out.println("re-delivered " + sent + " record(s) to " + name);
                out.flush();
                return LedgerOps.OK;
            }
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = {"Move a stopped service's position on its input topics to a point in time, as "
                    + "kafka-consumer-groups --reset-offsets does. --service ledger: the Streams application's offsets on payments, "
                    + "its state kept (re-read payments are duplicates; to recompute from scratch use 'rebuild ledger'). "
                    + "--service report: the sink's offsets in PostgreSQL (and Kafka's monitoring copy). Any other name: that consumer group.",
                    "Every instance of the service must be stopped; start them again afterwards."})
    static final class Reset implements Callable<Integer> {

        @ParentCommand
        ReplayCommand replay;

        @Option(names = "--service", required = true, description = "ledger, report, or a consumer group id.")
        String service;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        static final class Target {
            @Option(names = "--to-datetime", converter = Instants.class, description = "The first record at or after this business time.")
            Instant time;

            @Option(names = "--to-earliest", description = "The beginning of each topic.")
            boolean earliest;

            @Option(names = "--to-latest", description = "The end of each topic (skips everything not yet processed).")
            boolean latest;

            @Option(names = "--to-offsets", split = ",", paramLabel = "PARTITION:OFFSET", description = "Explicit offsets (needs exactly one --topic).")
            List<String> offsets;
        }

        @Option(names = "--topic", description = "Only these input topics (full names, with TOPIC_PREFIX).")
        List<String> topics = new ArrayList<>();

        @Mixin
        Confirmation confirmation;

        @Override
        public Integer call() {
            final OpsConfig config = replay.ops().config();
            final Terminal terminal = replay.ops().terminal();
            final PrintWriter out = terminal.out();
            final TopicScan.Position position;
            if (target.time != null) {
                position = new TopicScan.At(target.time);
            } else if (target.earliest) {
                position = new TopicScan.Earliest();
            } else if (target.latest) {
                position = new TopicScan.Latest();
            } else {
                if (topics.size() != 1) {
                    throw new ConfigException("--to-offsets needs exactly one --topic");
                }
                position = new TopicScan.Offsets(offsets(target.offsets), new TopicScan.Latest());
            }
            final ReportDatabase database = ReportDatabase.of(config);
            try (Kafka kafka = new Kafka(config)) {
                final OffsetReset.Plan plan = OffsetReset.plan(kafka, database, service, topics, position);
                out.printf("%s service, group %s%s:%n", plan.service(), plan.groupId(),
                        plan.kind() == OffsetReset.Kind.REPORT ? " (offsets in the database, schema " + database.schema() + ")" : "");
                for (final OffsetReset.Move m : plan.moves()) {
                    out.printf("  %s-%d: %s -> %d%n", m.partition().topic(), m.partition().partition(),
                            m.current() == null ? "(none)" : m.current().toString(), m.target());
                }
                out.println(plan.reprocessed() + " record(s) will be processed again, " + plan.skipped() + " skipped"
                        + (plan.kind() == OffsetReset.Kind.LEDGER ? "; the ledger keeps its state, so re-read payments are duplicates" : ""));
                if (plan.skipped() > 0) {
                    out.println("WARNING: skipped records are never processed by this service.");
                }
                final Kafka.Group group = kafka.group(plan.groupId());
                if (!group.members().isEmpty()) {
                    out.println("The service is running (" + group.members().size() + " member(s): " + group.members() + "); stop every instance before resetting.");
                }
                out.flush();
                if (confirmation.dryRun()) {
                    return confirmation.dryRunDone(out, "nothing was changed");
                }
                kafka.requireInactive(plan.groupId(), "the " + plan.service() + " service");
                confirmation.confirm(terminal, "move " + plan.moves().size() + " position(s) of " + plan.groupId()
                        + (plan.skipped() > 0 ? ", SKIPPING " + plan.skipped() + " record(s)" : ""), "reset");
                OffsetReset.apply(kafka, database, plan);
                out.println("moved " + plan.moves().size() + " position(s) of " + plan.groupId() + "; start the service again");
                out.flush();
                return LedgerOps.OK;
            }
        }
    }

    static TopicScan.Position start(final From from) {
        if (from.time != null) {
            return new TopicScan.At(from.time);
        }
        if (from.offsets != null) {
            return new TopicScan.Offsets(offsets(from.offsets), new TopicScan.Earliest());
        }
        return new TopicScan.Earliest();
    }

    static TopicScan.Position end(final To to) {
        if (to == null) {
            return new TopicScan.Latest();
        }
        if (to.time != null) {
            return new TopicScan.At(to.time);
        }
        return new TopicScan.Offsets(offsets(to.offsets), new TopicScan.Latest());
    }

    static Map<Integer, Long> offsets(final List<String> values) {
        final Map<Integer, Long> result = new HashMap<>();
        for (final String v : values) {
            final int colon = v.indexOf(':');
            try {
                if (colon < 0) {
                    throw new NumberFormatException();
                }
                result.put(Integer.parseInt(v.substring(0, colon).trim()), Long.parseLong(v.substring(colon + 1).trim()));
            } catch (final NumberFormatException e) {
                throw new ConfigException("offsets are PARTITION:OFFSET, got '" + v + "'");
            }
        }
        return result;
    }
}
