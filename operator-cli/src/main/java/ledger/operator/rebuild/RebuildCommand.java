package ledger.operator.rebuild;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import ledger.operator.CommandGroup;
import ledger.operator.ConfigException;
import ledger.operator.Confirmation;
import ledger.operator.LedgerOps;
import ledger.operator.OpsConfig;
import ledger.operator.Progress;
import ledger.operator.Terminal;
import ledger.operator.db.ReportDatabase;
import ledger.operator.kafka.Kafka;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ledger-ops rebuild ledger|reports}. */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        subcommands = {RebuildCommand.Ledger.class, RebuildCommand.Reports.class},
        description = "Recompute the ledger's state or the report database from the topics, from scratch.")
public final class RebuildCommand extends CommandGroup {

    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    @Command(name = "ledger", mixinStandardHelpOptions = true,
            description = {"With every ledger instance stopped: delete the ledger's internal topics (store changelogs, repartition topics), "
                    + "its consumer group and its local state, so that on its next start it recomputes every balance from the payments "
                    + "topic with its (fixed) rule. It emits every balance event again, with the same event ids, as a history restarting at 1.",
                    "Afterwards: start the ledger, wait until 'ledger-ops status' shows no lag, run 'ledger-ops audit'."})
    static final class Ledger implements Callable<Integer> {

        @ParentCommand
        RebuildCommand rebuild;

        @Option(names = "--state-dir", description = "The ledger's LEDGER_STATE_DIR on this machine (default: $LEDGER_STATE_DIR); "
                + "<dir>/<application id> is deleted. Other machines' state directories must be deleted by hand.")
        Path stateDir;

        @Mixin
        Confirmation confirmation;

        @Override
        public Integer call() {
            final OpsConfig config = rebuild.ops().config();
            final Terminal terminal = rebuild.ops().terminal();
            final PrintWriter out = terminal.out();
            try (Kafka kafka = new Kafka(config)) {
                final LedgerRebuild.Plan plan = LedgerRebuild.plan(kafka, Optional.ofNullable(stateDir).or(config::ledgerStateDir));
                out.println("ledger application " + plan.applicationId() + ":");
                plan.internalTopics().forEach(t -> out.println("  delete topic " + t));
                out.println("  delete consumer group " + plan.applicationId() + " (every instance then starts from the earliest payment)");
                out.println(plan.stateDirectory().map(d -> "  delete local state " + d)
                        .orElse("  no local state directory given or found: delete <LEDGER_STATE_DIR>/" + plan.applicationId() + " on every ledger machine"));
                final Kafka.Group group = kafka.group(plan.applicationId());
                if (!group.members().isEmpty()) {
                    out.println("The ledger is running (" + group.members() + "); stop every instance first.");
                }
                out.flush();
                if (confirmation.dryRun()) {
                    return confirmation.dryRunDone(out, "nothing was deleted");
                }
                kafka.requireInactive(plan.applicationId(), "the ledger");
                confirmation.confirm(terminal, "delete the ledger's state and make it recompute every balance from the payments topic", plan.applicationId());
                LedgerRebuild.execute(kafka, plan);
                out.println("done: start the ledger; it recomputes every balance from the payments topic and re-emits the balance events. "
                        + "Then wait for 'ledger-ops status' to show no lag and run 'ledger-ops audit'.");
                out.flush();
                return LedgerOps.OK;
            }
        }
    }

    @Command(name = "reports", mixinStandardHelpOptions = true,
            description = {"Rebuild the report database into a new schema from the payments and shift-events topics while the report service "
                    + "keeps serving the old one, and compare every shift report of the two. Run again to continue it.",
                    "--switch (report service stopped): catch up, then rename the live schema to <schema>_before_<time> and the new one to "
                            + "the live name, in one transaction. Start the report service afterwards."})
    static final class Reports implements Callable<Integer> {

        @ParentCommand
        RebuildCommand rebuild;

        @Option(names = "--into", description = "The new schema (default: <DATABASE_SCHEMA>_rebuild).")
        String into;

        @Option(names = "--switch", description = "Switch readers to the rebuilt schema (the report service must be stopped).")
        boolean switchReaders;

        @Option(names = "--accept-differences", description = "Switch even when the rebuilt reports differ from the live ones "
                + "(when the live ones are the wrong ones).")
        boolean acceptDifferences;

        @Mixin
        Confirmation confirmation;

        @Override
        public Integer call() {
            final OpsConfig config = rebuild.ops().config();
            final String schema = into == null ? config.databaseSchema() + "_rebuild" : into;
            if (!SCHEMA.matcher(schema).matches() || schema.equals(config.databaseSchema())) {
                throw new ConfigException("--into must be a lower-case SQL identifier other than DATABASE_SCHEMA (" + config.databaseSchema() + "), got '" + schema + "'");
            }
            final Terminal terminal = rebuild.ops().terminal();
            final PrintWriter out = terminal.out();
            final ReportDatabase live = ReportDatabase.of(config).requireReachable();
            try (Kafka kafka = new Kafka(config)) {
                final ReportRebuild rebuilder = new ReportRebuild(kafka);
                final boolean exists = rebuilder.schemaExists(schema);
                out.println((exists ? "continue" : "create") + " schema " + schema + " and store every payment and shift event into it"
                        + (switchReaders ? "; then switch readers from " + config.databaseSchema() + " to it" : ""));
                if (switchReaders) {
                    final Kafka.Group group = kafka.group(config.reportGroupId());
                    if (!group.members().isEmpty()) {
                        out.println("The report service is running (" + group.members() + "); stop it before switching.");
                    }
                }
                out.flush();
                if (confirmation.dryRun()) {
                    return confirmation.dryRunDone(out, "nothing was done");
                }
                if (switchReaders) {
                    kafka.requireInactive(config.reportGroupId(), "the report service");
                    confirmation.confirm(terminal, "switch the report readers from schema " + config.databaseSchema() + " to " + schema, "switch");
                }
                try (Progress progress = terminal.progress("rebuilding reports into " + schema, 0)) {
                    rebuilder.build(schema, progress);
                }
                final ReportRebuild.Verification verification;
                try (Progress progress = terminal.progress("comparing shift reports", 0)) {
                    verification = rebuilder.verify(live, ReportDatabase.of(config, schema), progress);
                }
                verification.differences().forEach(d -> out.println("DIFFERENT " + d));
                out.println("verify: " + verification.shifts() + " shift report(s), " + verification.differences().size() + " difference(s)");
                if (!switchReaders) {
                    out.println("schema " + schema + " is ready; switch readers with: ledger-ops rebuild reports --into " + schema + " --switch (report service stopped)");
                    out.flush();
                    return verification.differences().isEmpty() ? LedgerOps.OK : LedgerOps.FAILED;
                }
                if (!verification.differences().isEmpty() && !acceptDifferences) {
                    out.println("not switching: the rebuilt reports differ from the live ones (see above); --accept-differences switches anyway");
                    out.flush();
                    return LedgerOps.FAILED;
                }
                kafka.requireInactive(config.reportGroupId(), "the report service");
                final String before = rebuilder.switchTo(schema, Instant.now());
                out.println("switched: " + config.databaseSchema() + " now holds the rebuilt reports; the previous ones are in " + before
                        + " (roll back by renaming the schemas back). Start the report service.");
                out.flush();
                return LedgerOps.OK;
            }
        }
    }
}
