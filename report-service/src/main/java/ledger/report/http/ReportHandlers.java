package ledger.report.http;

import io.javalin.http.Context;
import ledger.report.app.ReportQueries;
import ledger.report.http.Responses.ClubShiftsBody;
import ledger.report.http.Responses.ShiftReportBody;
import ledger.report.http.Responses.ShiftSummaryBody;
import ledger.report.http.Responses.UnassignedBody;

/** The finance reads: one shift's report, a club's shifts over a period, and the payments outside any shift. */
final class ReportHandlers {

    private final ReportQueries queries;

    ReportHandlers(final ReportQueries queries) {
        this.queries = queries;
    }

    void shiftReport(final Context ctx) {
        final String orgId = Inputs.pathId(ctx, "orgId");
        final String shiftId = Inputs.pathId(ctx, "shiftId");
        ctx.json(queries.shiftReport(orgId, shiftId)
                .map(ShiftReportBody::of)
                .orElseThrow(() -> ApiError.notFound("no shift " + shiftId + " in organization " + orgId)));
    }

    void clubShifts(final Context ctx) {
        final String orgId = Inputs.pathId(ctx, "orgId");
        final String clubId = Inputs.pathId(ctx, "clubId");
        final Inputs.Period period = Inputs.period(ctx);
        ctx.json(new ClubShiftsBody(orgId, clubId, period.from(), period.to(),
                queries.clubShifts(orgId, clubId, period.start(), period.end()).stream().map(ShiftSummaryBody::of).toList()));
    }

    void unassigned(final Context ctx) {
        final String orgId = Inputs.pathId(ctx, "orgId");
        final Inputs.Period period = Inputs.period(ctx);
        ctx.json(UnassignedBody.of(orgId, period, queries.unassigned(orgId, period.start(), period.end())));
    }
}
