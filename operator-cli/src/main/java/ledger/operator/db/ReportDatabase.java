package ledger.operator.db;

import java.util.List;
import java.util.Optional;

import ledger.operator.OpsConfig;
import ledger.operator.OpsException;
import ledger.report.persistence.OffsetDao;
import ledger.report.persistence.StoredOffset;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToCreateStatementException;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The report database as the tool sees it: the report service's schema, read with the service's own DAOs, and
 * never migrated from here (only {@code rebuild reports} creates a schema, through the service's migrations).
 */
public final class ReportDatabase {

    private final OpsConfig config;
    private final String schema;
    private final Jdbi jdbi;

    private ReportDatabase(final OpsConfig config, final String schema) {
        this.config = config;
        this.schema = schema;
        final PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(config.databaseUrl());
        dataSource.setUser(config.databaseUser());
        dataSource.setPassword(config.databasePassword());
        dataSource.setCurrentSchema(schema);
        dataSource.setConnectTimeout(5);
        dataSource.setSocketTimeout(300);
        this.jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
    }

    /** The schema the report service reads ({@code DATABASE_SCHEMA}). */
    public static ReportDatabase of(final OpsConfig config) {
        return of(config, config.databaseSchema());
    }

    public static ReportDatabase of(final OpsConfig config, final String schema) {
        return new ReportDatabase(config, schema);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public String schema() {
        return schema;
    }

    /** Fails with a clear message unless the database answers and the schema holds the report tables. */
    public ReportDatabase requireReachable() {
        final Optional<String> problem = problem();
        if (problem.isPresent()) {
            throw new OpsException(problem.get());
        }
        return this;
    }

    /** Why the report store cannot be used, or empty when it can. */
    public Optional<String> problem() {
        try {
            final boolean exists = jdbi.withHandle(h -> h.createQuery(
                            "SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = :schema AND table_name = 'payments')")
                    .bind("schema", schema).mapTo(Boolean.class).one());
            return exists ? Optional.empty() : Optional.of("schema " + schema + " has no report tables (is DATABASE_SCHEMA right?)");
        } catch (final RuntimeException e) {
            return Optional.of("cannot reach the report database at " + config.databaseUrl() + " as " + config.databaseUser()
                    + ": " + rootMessage(e));
        }
    }

    public List<StoredOffset> storedOffsets(final String groupId) {
        try {
            return jdbi.withExtension(OffsetDao.class, dao -> dao.forGroup(groupId));
        } catch (final UnableToCreateStatementException e) {
            throw new OpsException("cannot read consumer_offsets in schema " + schema + ": " + rootMessage(e), e);
        }
    }

    public static String rootMessage(final Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
