package ledger.gateway.http;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/**
 * Organization ids appear in Kafka keys ({@code orgId:customerId}) and URLs, so they are restricted to
 * letters, digits, '_' and '-'.
 */
final class OrgIds {

    private OrgIds() {
    }

    static String from(final Context ctx) {
        final String orgId = ctx.pathParam("orgId");
        if (!orgId.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new ApiError(HttpStatus.NOT_FOUND, "unknown organization", "orgId");
        }
        return orgId;
    }
}
