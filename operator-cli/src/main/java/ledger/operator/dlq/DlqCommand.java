package ledger.operator.dlq;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

import ledger.operator.CommandGroup;
import ledger.operator.ConfigException;
import ledger.operator.LedgerOps;
import ledger.operator.Progress;
import ledger.operator.Terminal;
import ledger.operator.kafka.Kafka;
import ledger.schemas.topics.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ledger-ops dlq list|show|redrive}. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        subcommands = {DlqCommand.ListLetters.class, DlqCommand.Show.class, DlqCommand.Redrive.class},
        description = "Dead letters: records a service could not or would not apply, with the reason.")
public final class DlqCommand extends CommandGroup {

    List<DeadLetterLog.Entry> read(final Terminal terminal) {
        try (Kafka kafka = new Kafka(ops().config()); Progress progress = terminal.progress("reading dead letters", 0)) {
            return DeadLetterLog.read(kafka, ops().config().topics(), progress);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List dead letters, oldest first. Changes nothing.")
    static final class ListLetters implements Callable<Integer> {

        @ParentCommand
        DlqCommand dlq;

        @Option(names = "--reason", description = "Only letters with this reason (CONFLICT, OVER_REFUND, INVALID, UNDESERIALIZABLE, ...).")
        String reason;

        @Option(names = "--limit", defaultValue = "100", description = "Show at most this many, newest last (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            final Terminal terminal = dlq.ops().terminal();
            final PrintWriter out = terminal.out();
            final List<DeadLetterLog.Entry> all = dlq.read(terminal).stream()
                    .filter(e -> reason == null || e.reason().equalsIgnoreCase(reason)).toList();
            final List<DeadLetterLog.Entry> shown = all.subList(Math.max(0, all.size() - limit), all.size());
            out.printf("%-8s %-24s %-16s %-16s %-36s %s%n", "ID", "TIME", "REASON", "SERVICE", "EVENT", "DETAIL");
            for (final DeadLetterLog.Entry e : shown) {
                out.printf("%-8s %-24s %-16s %-16s %-36s %s%n", e.id(), e.timestamp(), e.reason(),
                        e.letter() == null ? "?" : e.letter().getService(),
                        Optional.ofNullable(e.eventId()).orElse("-"),
                        abbreviate(e.letter() == null ? e.unreadable() : e.letter().getDetail(), 120));
            }
            out.println(all.size() + " dead letter(s)" + (reason == null ? "" : " with reason " + reason)
                    + (shown.size() < all.size() ? ", the last " + shown.size() + " shown" : ""));
            out.flush();
            return LedgerOps.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show dead letters in full: reason, detail, source, and the original record decoded.")
    static final class Show implements Callable<Integer> {

        @ParentCommand
        DlqCommand dlq;

        @Parameters(arity = "1..*", paramLabel = "ID", description = "Offset in the dead-letter topic (17) or partition:offset (0:17).")
        List<String> ids;

        @Override
        public Integer call() {
            final Set<DeadLetterLog.Id> wanted = parse(ids);
            final Terminal terminal = dlq.ops().terminal();
            final PrintWriter out = terminal.out();
            final List<DeadLetterLog.Entry> found = dlq.read(terminal).stream().filter(e -> wanted.contains(e.id())).toList();
            for (final DeadLetterLog.Entry e : found) {
                out.println("Dead letter " + e.id() + " (record time " + e.timestamp() + ", key " + e.key() + ")");
                if (e.letter() == null) {
                    out.println("  unreadable letter: " + e.unreadable());
                    continue;
                }
                out.println("  reason:  " + e.letter().getReason());
                out.println("  detail:  " + e.letter().getDetail());
                out.println("  service: " + e.letter().getService() + ", dead-lettered at " + e.letter().getOccurredAt());
                out.println("  source:  " + e.letter().getSourceTopic() + " partition " + e.letter().getSourcePartition()
                        + " offset " + e.letter().getSourceOffset());
                if (e.original() != null) {
                    out.println("  original record (decoded):");
                    out.println("    " + e.original());
                } else {
                    out.println("  original record: " + e.originalProblem());
                    if (e.letter().getValue() != null) {
                        out.println("    bytes (base64): " + Base64.getEncoder().encodeToString(DeadLetterLog.bytes(e.letter().getValue())));
                    }
                }
            }
            final Set<DeadLetterLog.Id> missing = new HashSet<>(wanted);
            found.forEach(e -> missing.remove(e.id()));
            out.flush();
            if (!missing.isEmpty()) {
                terminal.err().println("ledger-ops: no dead letter " + missing + " (see ledger-ops dlq list)");
                terminal.err().flush();
                return LedgerOps.FAILED;
            }
            return LedgerOps.OK;
        }
    }

    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = {"Send dead letters' original records back to their topic, byte for byte, after the cause was fixed.",
                    "Safe to repeat: the services are idempotent by event id. A record refused again is dead-lettered again."})
    static final class Redrive implements Callable<Integer> {

        @ParentCommand
        DlqCommand dlq;

        @Parameters(arity = "0..*", paramLabel = "ID", description = "Dead letters to redrive: offset (17) or partition:offset (0:17).")
        List<String> ids = new ArrayList<>();

        @Option(names = "--reason", description = "Redrive every letter with this reason.")
        String reason;

        @Option(names = "--all", description = "Redrive every dead letter.")
        boolean all;

        @Option(names = "--to", description = "Send to this topic instead of the letter's source (payments or shift-events, with prefix).")
        String to;

        @Option(names = "--dry-run", description = "Show what would be sent; send nothing.")
        boolean dryRun;

        @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
        boolean yes;

        @Override
        public Integer call() {
            final int selectors = (ids.isEmpty() ? 0 : 1) + (reason == null ? 0 : 1) + (all ? 1 : 0);
            if (selectors != 1) {
                throw new ConfigException("name the dead letters to redrive: IDs, --reason REASON or --all (exactly one of them)");
            }
            final Topics topics = dlq.ops().config().topics();
            if (to != null && !to.equals(topics.payments().name()) && !to.equals(topics.shiftEvents().name())) {
                throw new ConfigException("--to must be " + topics.payments().name() + " or " + topics.shiftEvents().name() + ", got " + to);
            }
            final Set<DeadLetterLog.Id> wanted = parse(ids);
            final Terminal terminal = dlq.ops().terminal();
            final PrintWriter out = terminal.out();
            final List<DeadLetterLog.Entry> selected = dlq.read(terminal).stream()
                    .filter(e -> all || (reason != null && e.reason().equalsIgnoreCase(reason)) || wanted.contains(e.id())).toList();
            if (!wanted.isEmpty() && selected.size() < wanted.size()) {
                final Set<DeadLetterLog.Id> missing = new HashSet<>(wanted);
                selected.forEach(e -> missing.remove(e.id()));
                throw new ConfigException("no dead letter " + missing + " (see ledger-ops dlq list)");
            }
            final List<DeadLetterRedrive.Item> plan = DeadLetterRedrive.plan(selected, topics, Optional.ofNullable(to));
            final long sendable = plan.stream().filter(DeadLetterRedrive.Item::sendable).count();
            for (final DeadLetterRedrive.Item item : plan) {
                out.printf("%s %-8s %-16s %-36s %s%n", item.sendable() ? (dryRun ? "would send" : "send      ") : "skip      ",
                        item.entry().id(), item.entry().reason(), Optional.ofNullable(item.entry().eventId()).orElse("-"),
                        item.sendable() ? "-> " + item.target() : item.skipReason());
            }
            if (dryRun) {
                out.println("dry run: " + sendable + " of " + plan.size() + " dead letter(s) would be redriven; nothing was sent");
                out.flush();
                return LedgerOps.OK;
            }
            if (sendable == 0) {
                out.println("nothing to redrive");
                out.flush();
                return plan.isEmpty() ? LedgerOps.OK : LedgerOps.FAILED;
            }
            out.flush();
            terminal.confirm("redrive " + sendable + " dead letter(s)", "redrive", yes);
            final int sent;
            try (Kafka kafka = new Kafka(dlq.ops().config()); Progress progress = terminal.progress("redriving", sendable)) {
                sent = DeadLetterRedrive.execute(kafka, topics.deadLetters().name(), plan, progress);
            }
            out.println("redrove " + sent + " dead letter(s); the services decide on them again. Refused ones come back as new "
                    + "dead letters: ledger-ops dlq list");
            out.flush();
            return sent == plan.size() ? LedgerOps.OK : LedgerOps.FAILED;
        }
    }

    static Set<DeadLetterLog.Id> parse(final List<String> ids) {
        final Set<DeadLetterLog.Id> result = new HashSet<>();
        for (final String id : ids) {
            try {
                result.add(DeadLetterLog.Id.parse(id));
            } catch (final IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
        }
        return result;
    }

    static String abbreviate(final String text, final int max) {
        if (text == null) {
            return "";
        }
        final String oneLine = text.replace('\n', ' ');
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "…";
    }

    static String utf8(final byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
