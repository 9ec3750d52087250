package ledger.report.http;

/**
 * A request the API refuses, with the HTTP status and, when one input is at fault, its name. Thrown by handlers and
 * turned into the JSON error body in one place ({@link HttpApi}).
 */
final class ApiError extends RuntimeException {

    private final int status;
    private final String field;

    ApiError(final int status, final String message, final String field) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    static ApiError badRequest(final String field, final String message) {
        return new ApiError(400, message, field);
    }

    static ApiError notFound(final String message) {
        return new ApiError(404, message, null);
    }

    static ApiError conflict(final String message) {
        return new ApiError(409, message, null);
    }

    int status() {
        return status;
    }

    String field() {
        return field;
    }
}
