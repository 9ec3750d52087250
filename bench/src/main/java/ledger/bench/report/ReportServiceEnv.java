package ledger.bench.report;

import java.util.HashMap;
import java.util.Map;

import ledger.bench.common.EmbeddedStack;

/** The report service's environment on an {@link EmbeddedStack} with PostgreSQL, as both report benchmarks start it. */
final class ReportServiceEnv {

    static final String ADMIN_TOKEN = "bench-admin-token-0123456789";

    private ReportServiceEnv() {
    }

    /** Broker, registry, database and admin token; the caller may add more (the map is its own). */
    static Map<String, String> of(final EmbeddedStack stack) {
        final Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
        env.put("SCHEMA_REGISTRY_URL", stack.registryUrl());
        env.put("DATABASE_URL", stack.postgres().jdbcUrl());
        env.put("DATABASE_USER", stack.postgres().user());
        env.put("DATABASE_PASSWORD", stack.postgres().password());
        env.put("ADMIN_TOKEN", ADMIN_TOKEN);
        return env;
    }
}
