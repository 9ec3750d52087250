package ledger.report.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;

import ledger.report.domain.Kind;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Reads a stored notification kind with {@link Kind#parse}, so a kind this version does not know is {@link Kind#OTHER}
 * rather than a failed query (Jdbi's own enum mapping would refuse it). Public only because Jdbi instantiates it
 * for {@code @RegisterColumnMapper}.
 */
public final class KindColumnMapper implements ColumnMapper<Kind> {

    @Override
    public Kind map(final ResultSet r, final int columnNumber, final StatementContext ctx) throws SQLException {
        return Kind.parse(r.getString(columnNumber));
    }
}
