package ledger.report.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;

import ledger.report.domain.OrgMode;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Reads a stored organization mode with {@link OrgMode#parse}: a row stored before modes existed ({@code NULL}) reads
 * as {@link OrgMode#TEST}, and a mode this version does not know does not fail the query. Public only because Jdbi
 * instantiates it for {@code @RegisterColumnMapper}.
 */
public final class OrgModeColumnMapper implements ColumnMapper<OrgMode> {

    @Override
    public OrgMode map(final ResultSet r, final int columnNumber, final StatementContext ctx) throws SQLException {
        return OrgMode.parse(r.getString(columnNumber));
    }
}
