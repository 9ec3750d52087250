package ledger.balance.http;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/** Validates identifiers in paths: non-blank, at most 128 characters, no control characters. */
final class PathParams {

    private PathParams() {
    }

    static String id(final Context ctx, final String name) {
        final String value = ctx.pathParam(name);
        if (value.isBlank() || value.length() > 128 || value.chars().anyMatch(Character::isISOControl)) {
            throw new ApiError(HttpStatus.BAD_REQUEST, name + " must be 1..128 printable characters");
        }
        return value;
    }
}
