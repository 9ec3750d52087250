package ledger.schemas.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;

/**
 * In-memory registries for unit tests, one per named scope, reached through {@code mock://<scope>} URLs.
 * Ids are assigned like Confluent's: one global sequence, the same schema gets the same id in every subject.
 * Tests call {@link #dropScope} when done.
 */
public final class MockSchemaRegistry {

    private static final Map<String, InMemory> SCOPES = new ConcurrentHashMap<>();

    private MockSchemaRegistry() {
    }

    public static SchemaRegistryClient scope(final String name) {
        return SCOPES.computeIfAbsent(name, n -> new InMemory());
    }

    public static void dropScope(final String name) {
        SCOPES.remove(name);
    }

    private static final class InMemory implements SchemaRegistryClient {
        private final List<Schema> byId = new ArrayList<>();
        private final Map<String, Map<Schema, Integer>> subjects = new HashMap<>();

        @Override
        public synchronized int register(final String subject, final Schema schema) {
            int id = byId.indexOf(schema);
            if (id < 0) {
                byId.add(schema);
                id = byId.size() - 1;
            }
            final int globalId = id + 1;
            subjects.computeIfAbsent(subject, s -> new HashMap<>()).put(schema, globalId);
            return globalId;
        }

        @Override
        public synchronized int idOf(final String subject, final Schema schema) {
            final Integer id = subjects.getOrDefault(subject, Map.of()).get(schema);
            if (id == null) {
                throw new SchemaRegistryException(40403, "Schema not found under subject " + subject);
            }
            return id;
        }

        @Override
        public synchronized Schema schemaById(final int id) {
            if (id < 1 || id > byId.size()) {
                throw new SchemaRegistryException(40403, "Schema " + id + " not found");
            }
            return byId.get(id - 1);
        }
    }
}
