package ledger.operator.rebuild;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import ledger.operator.OpsException;
import ledger.operator.kafka.CatchUp;
import ledger.operator.kafka.Kafka;

/**
 * Makes the ledger recompute its whole state from the payments topic, as {@code kafka-streams-application-reset
 * --to-earliest} followed by a local state cleanup does: with every instance stopped, the application's internal
 * topics (changelogs of its stores and repartition topics) are deleted, its consumer group is deleted (so every
 * offset is gone and Streams starts from the earliest payment), and the local state directory is removed. When the
 * ledger starts again it replays every payment through its rule.
 *
 * <p>It also emits every balance event again: same event ids {@code orgId:customerId:sequence} and a history
 * restarting at sequence 1, which consumers that deduplicate by event id ignore. Use it when the ledger's state is
 * wrong (a bad release); to merely re-read payments, {@code replay reset --service ledger} keeps the state.
 */
public final class LedgerRebuild {

    /** What a rebuild would delete. */
    public record Plan(String applicationId, List<String> internalTopics, Optional<Path> stateDirectory) {
    }

    private LedgerRebuild() {
    }

    public static Plan plan(final Kafka kafka, final Optional<Path> stateDir) {
        final String appId = kafka.config().ledgerApplicationId();
        final List<String> internal = kafka.topicNames().stream()
                .filter(t -> t.startsWith(appId + "-") && (t.endsWith("-changelog") || t.endsWith("-repartition")))
                .sorted().toList();
        return new Plan(appId, internal, stateDir.map(d -> d.resolve(appId)).filter(Files::isDirectory));
    }

    public static void execute(final Kafka kafka, final Plan plan) {
        kafka.requireInactive(plan.applicationId(), "the ledger");
        if (!plan.internalTopics().isEmpty()) {
            kafka.await(kafka.admin().deleteTopics(plan.internalTopics()).all(), "delete the ledger's internal topics");
            final long deadline = System.nanoTime() + 60_000_000_000L;
            while (kafka.topicNames().stream().anyMatch(plan.internalTopics()::contains)) {
                if (System.nanoTime() > deadline) {
                    throw new OpsException("the ledger's internal topics were not deleted within 60 s");
                }
                CatchUp.pause(Duration.ofMillis(200));
            }
        }
        final Kafka.Group group = kafka.group(plan.applicationId());
        if (!group.state().toString().equals("DEAD")) {
            kafka.await(kafka.admin().deleteConsumerGroups(List.of(plan.applicationId())).all(), "delete the ledger's consumer group");
        }
        plan.stateDirectory().ifPresent(LedgerRebuild::deleteRecursively);
    }

    static void deleteRecursively(final Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (final Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot delete the ledger's state directory " + dir, e);
        }
    }
}
