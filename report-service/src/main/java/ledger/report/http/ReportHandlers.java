package ledger.report.http;

import java.time.ZoneId;

import io.javalin.http.Context;
import ledger.report.app.ReportQueries;
import ledger.report.domain.ShiftReport;
import ledger.report.http.Responses.ClubShiftsBody;
import ledger.report.http.Responses.ShiftReportBody;
import ledger.report.http.Responses.ShiftSummaryBody;
import ledger.report.http.Responses.UnassignedBody;
import ledger.report.render.Csv;
import ledger.report.render.ShiftCsv;

/**
 * The finance reads: one shift's report, a club's shifts over a period, and the payments outside any shift; the
 * first two also as CSV for Excel ({@link ShiftCsv}, times in {@code ?tz=}, UTC by default).
 */
final class ReportHandlers {

    private final ReportQueries queries;

    ReportHandlers(final ReportQueries queries) {
        this.queries = queries;
    }

    void shiftReport(final Context ctx) {
        ctx.json(ShiftReportBody.of(find(ctx)));
    }

    void shiftReportCsv(final Context ctx) {
        final ZoneId zone = Inputs.zone(ctx);
        final ShiftReport report = find(ctx);
        csv(ctx, ShiftCsv.shiftFileName(report.shift().shiftId()), ShiftCsv.shift(report, zone));
    }

    void clubShifts(final Context ctx) {
        final String orgId = Inputs.pathId(ctx, "orgId");
        final String clubId = Inputs.pathId(ctx, "clubId");
        final Inputs.Period period = Inputs.period(ctx);
        ctx.json(new ClubShiftsBody(orgId, clubId, period.from(), period.to(),
                queries.clubShifts(orgId, clubId, period.start(), period.end()).stream().map(ShiftSummaryBody::of).toList()));
    }

    void clubShiftsCsv(final Context ctx) {
        final String orgId = Inputs.pathId(ctx, "orgId");
        final String clubId = Inputs.pathId(ctx, "clubId");
        final Inputs.Period period = Inputs.period(ctx);
        final ZoneId zone = Inputs.zone(ctx);
        csv(ctx, ShiftCsv.clubFileName(clubId, period.from(), period.to()),
                ShiftCsv.clubShifts(clubId, queries.clubShifts(orgId, clubId, period.start(), period.end()), zone));
    }

    void unassigned(final Context ctx) {
        final String orgId = Inputs.pathId(ctx, "orgId");
        final Inputs.Period period = Inputs.period(ctx);
        ctx.json(UnassignedBody.of(orgId, period, queries.unassigned(orgId, period.start(), period.end())));
    }

    /** The shift named by the path, or 404. */
    ShiftReport find(final Context ctx) {
        final String orgId = Inputs.pathId(ctx, "orgId");
        final String shiftId = Inputs.pathId(ctx, "shiftId");
        return queries.shiftReport(orgId, shiftId)
                .orElseThrow(() -> ApiError.notFound("no shift " + shiftId + " in organization " + orgId));
    }

    private static void csv(final Context ctx, final String fileName, final Csv csv) {
        ctx.contentType(Csv.CONTENT_TYPE)
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .result(csv.toBytes());
    }
}
