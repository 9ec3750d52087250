package ledger.report.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import ledger.report.app.ShiftCommands;
import ledger.report.app.ShiftCommands.CloseResult;
import ledger.report.app.ShiftCommands.OpenResult;
import ledger.report.domain.Shift;
import ledger.report.domain.ShiftRules.CloseCheck;
import ledger.report.domain.ShiftRules.OpenCheck;
import ledger.report.http.Responses.CloseShiftRequest;
import ledger.report.http.Responses.OpenShiftRequest;
import ledger.report.http.Responses.ShiftClosedBody;
import ledger.report.http.Responses.ShiftOpenedBody;

/**
 * Opening and closing shifts by hand. Answers 201 once the event is acknowledged by Kafka and stored, so the next
 * read sees it; 202 when Kafka acknowledged it but the store has not caught up within the wait (it will).
 */
final class ShiftHandlers {

    private final ShiftCommands commands;
    private final ObjectMapper mapper;

    ShiftHandlers(final ShiftCommands commands, final ObjectMapper mapper) {
        this.commands = commands;
        this.mapper = mapper;
    }

    void open(final Context ctx) {
        final String orgId = Inputs.pathId(ctx, "orgId");
        final String clubId = Inputs.pathId(ctx, "clubId");
        final OpenShiftRequest request = JsonBodies.read(mapper, ctx, OpenShiftRequest.class, new OpenShiftRequest(null, null, null));
        final OpenResult result = commands.open(orgId, clubId,
                Inputs.optionalId("shiftId", request.shiftId()),
                Inputs.optionalInstant("openedAt", request.openedAt()),
                Inputs.optionalActor(request.actor()));
        if (result instanceof OpenResult.Refused refused) {
            throw refusal(refused.reason(), clubId);
        }
        final OpenResult.Opened opened = (OpenResult.Opened) result;
        final Shift shift = opened.shift();
        ctx.status(opened.visible() ? 201 : 202)
                .json(new ShiftOpenedBody(orgId, clubId, shift.shiftId(), shift.openedAt(), opened.visible()));
    }

    void close(final Context ctx) {
        final String orgId = Inputs.pathId(ctx, "orgId");
        final String clubId = Inputs.pathId(ctx, "clubId");
        final String shiftId = Inputs.pathId(ctx, "shiftId");
        final CloseShiftRequest request = JsonBodies.read(mapper, ctx, CloseShiftRequest.class, new CloseShiftRequest(null, null));
        final CloseResult result = commands.close(orgId, clubId, shiftId,
                Inputs.optionalInstant("closedAt", request.closedAt()),
                Inputs.optionalActor(request.actor()));
        if (result instanceof CloseResult.Refused refused) {
            throw refusal(refused.reason(), shiftId);
        }
        final CloseResult.Closed closed = (CloseResult.Closed) result;
        final Shift shift = closed.shift();
        ctx.status(closed.visible() ? 200 : 202)
                .json(new ShiftClosedBody(orgId, clubId, shiftId, shift.openedAt(), shift.closedAt(), closed.visible()));
    }

    private static ApiError refusal(final OpenCheck reason, final String clubId) {
        return switch (reason) {
            case SHIFT_ID_TAKEN -> new ApiError(409, "this shift id is already used in the organization", "shiftId");
            case CLUB_HAS_OPEN_SHIFT -> ApiError.conflict("club " + clubId + " already has an open shift; close it first");
            case OVERLAPS_CLOSED_SHIFT -> new ApiError(409, "openedAt falls inside an earlier shift of club " + clubId, "openedAt");
            case IN_FUTURE -> ApiError.badRequest("openedAt", "openedAt must not be in the future");
            case ALLOWED -> throw new IllegalStateException("an allowed opening cannot be a refusal");
        };
    }

    private static ApiError refusal(final CloseCheck reason, final String shiftId) {
        return switch (reason) {
            case UNKNOWN_SHIFT -> ApiError.notFound("no shift " + shiftId + " in this club");
            case ALREADY_CLOSED -> ApiError.conflict("shift " + shiftId + " is already closed");
            case BEFORE_OPENING -> ApiError.badRequest("closedAt", "closedAt must not be before the shift's openedAt");
            case IN_FUTURE -> ApiError.badRequest("closedAt", "closedAt must not be in the future");
            case ALLOWED -> throw new IllegalStateException("an allowed closing cannot be a refusal");
        };
    }
}
