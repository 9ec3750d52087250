package ledger.balance.http;

import io.javalin.http.HttpStatus;

/** An expected failure of a request, mapped once at the edge to a JSON error with the given status. */
public final class ApiError extends RuntimeException {

    private final HttpStatus status;

    public ApiError(final HttpStatus status, final String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
