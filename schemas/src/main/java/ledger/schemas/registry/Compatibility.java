package ledger.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * Confluent's compatibility levels, checked with Avro's own {@link SchemaCompatibility} so the registry
 * agrees with the resolution rules the deserializers apply when they read.
 *
 * <p>BACKWARD: consumers on the new schema can read data written with the previous one. FORWARD: consumers
 * still on the previous schema can read data written with the new one. FULL: both. The plain levels compare
 * with the latest live version only; the {@code _TRANSITIVE} ones with every live version.
 */
enum Compatibility {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    /** What a registry starts with, as Confluent's does. */
    static final Compatibility DEFAULT = BACKWARD;

    private final boolean newReadsOld;
    private final boolean oldReadsNew;
    private final boolean transitive;

    Compatibility(final boolean newReadsOld, final boolean oldReadsNew, final boolean transitive) {
        this.newReadsOld = newReadsOld;
        this.oldReadsNew = oldReadsNew;
        this.transitive = transitive;
    }

    /** Parses a level case-insensitively, as Confluent does; empty for anything else. */
    static Optional<Compatibility> parse(final String level) {
        if (level == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(level.trim().toUpperCase(Locale.ROOT)));
        } catch (final IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Describes why {@code candidate} may not follow {@code previous} (live versions, oldest first) under this
     * level; empty when it may. Versions whose schema is not Avro are not compared.
     */
    List<String> problems(final Schema candidate, final List<RegisteredSchema> previous) {
        final List<String> problems = new ArrayList<>();
        if (this == NONE || previous.isEmpty()) {
            return problems;
        }
        final List<RegisteredSchema> compared = transitive ? previous : previous.subList(previous.size() - 1, previous.size());
        // Newest first, like Confluent, so the first message is about the version a reader most likely has.
        for (int i = compared.size() - 1; i >= 0; i--) {
            final RegisteredSchema old = compared.get(i);
            if (old.avro() == null) {
                continue;
            }
            if (newReadsOld) {
                describe(problems, "the new schema cannot read data written with version " + old.version(),
                        SchemaCompatibility.checkReaderWriterCompatibility(candidate, old.avro()));
            }
            if (oldReadsNew) {
                describe(problems, "readers on version " + old.version() + " cannot read data written with the new schema",
                        SchemaCompatibility.checkReaderWriterCompatibility(old.avro(), candidate));
            }
        }
        return problems;
    }

    private void describe(final List<String> problems, final String what,
                          final SchemaCompatibility.SchemaPairCompatibility result) {
        for (final Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            problems.add("{errorType:'" + incompatibility.getType() + "', description:'" + what + ": "
                    + incompatibility.getMessage() + "', location:'" + incompatibility.getLocation()
                    + "', compatibility:'" + name() + "'}");
        }
    }
}
