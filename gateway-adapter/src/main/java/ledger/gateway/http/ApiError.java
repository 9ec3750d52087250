package ledger.gateway.http;

import io.javalin.http.HttpStatus;

/** An expected failure of a request, mapped once at the edge to a JSON body with this status. */
final class ApiError extends RuntimeException {

    private final HttpStatus status;
    private final String field;

    ApiError(final HttpStatus status, final String message) {
        this(status, message, null);
    }

    ApiError(final HttpStatus status, final String message, final String field) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    HttpStatus status() {
        return status;
    }

    String field() {
        return field;
    }
}
