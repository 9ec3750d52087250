package ledger.gateway.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/** Bearer-token check for admin endpoints, compared in constant time. */
final class AdminAuth {

    private final byte[] token;

    AdminAuth(final String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    void require(final Context ctx) {
        final String header = ctx.header("Authorization");
        final byte[] given = header != null && header.startsWith("Bearer ")
                ? header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        if (!MessageDigest.isEqual(given, token)) {
            throw new ApiError(HttpStatus.UNAUTHORIZED, "admin bearer token required");
        }
    }
}
