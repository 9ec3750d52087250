package ledger.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Folding the topic's records into the registry's state. */
class RegistryStateTest {

    private static final Schema STRING = Schema.create(Schema.Type.STRING);
    private static final Schema LONG = Schema.create(Schema.Type.LONG);

    @Test
    void idsNeverGoDownWhenVersionsAreHardDeleted() {
        final RegistryState state = new RegistryState();
        state.apply(new StoreRecord.SchemaVersion(RegisteredSchema.avro("a", 1, 1, STRING)));
        state.apply(new StoreRecord.SchemaVersion(RegisteredSchema.avro("a", 2, 2, LONG)));

        state.apply(new StoreRecord.SchemaVersionRemoved("a", 2));

        assertThat(state.maxId()).isEqualTo(2);
        assertThat(state.withSchema(LONG)).isEmpty();
        assertThat(state.usingId(2, true)).isEmpty();
        assertThat(state.versions("a", true)).extracting(RegisteredSchema::version).containsExactly(1);
    }

    @Test
    void confluentsSubjectDeleteSoftDeletesVersionsUpToTheOneItNames() {
        final RegistryState state = new RegistryState();
        state.apply(new StoreRecord.SchemaVersion(RegisteredSchema.avro("a", 1, 1, STRING)));
        state.apply(new StoreRecord.SchemaVersion(RegisteredSchema.avro("a", 2, 2, LONG)));

        state.apply(new StoreRecord.SubjectDeleted("a", 1));

        assertThat(state.versions("a", false)).extracting(RegisteredSchema::version).containsExactly(2);
        assertThat(state.versions("a", true)).extracting(RegisteredSchema::deleted).containsExactly(true, false);
        assertThat(state.withSchema(STRING)).map(RegisteredSchema::id).contains(1);
    }

    @Test
    void aSubjectWithOnlySoftDeletedVersionsIsListedOnlyWhenAskedFor() {
        final RegistryState state = new RegistryState();
        state.apply(new StoreRecord.SchemaVersion(RegisteredSchema.avro("a", 1, 1, STRING).softDeleted()));
        state.apply(new StoreRecord.SchemaVersion(RegisteredSchema.avro("b", 1, 1, STRING)));

        assertThat(state.subjects(false)).containsExactly("b");
        assertThat(state.subjects(true)).containsExactly("a", "b");
    }

    @Test
    void levelsAreSetAndRemovedPerSubjectAndGlobally() {
        final RegistryState state = new RegistryState();
        state.apply(new StoreRecord.Config(null, Compatibility.NONE));
        state.apply(new StoreRecord.Config("a", Compatibility.FULL));

        assertThat(state.globalLevel()).contains(Compatibility.NONE);
        assertThat(state.subjectLevel("a")).contains(Compatibility.FULL);

        state.apply(new StoreRecord.ConfigRemoved(null));
        state.apply(new StoreRecord.ConfigRemoved("a"));

        assertThat(state.globalLevel()).isEmpty();
        assertThat(state.subjectLevel("a")).isEmpty();
    }
}
