package ledger.gateway.http;

import io.javalin.http.HttpStatus;
import ledger.events.NotificationKind;

/**
 * A webhook that cannot be accepted. A Check is always answered HTTP 200 with a decline code, because
 * CloudPayments treats anything else as a format error and does not retry Check; every other type gets the
 * HTTP status, so CloudPayments retries it.
 */
final class WebhookError extends RuntimeException {

    private final NotificationKind kind;
    private final HttpStatus status;
    private final int checkCode;
    private final String field;

    WebhookError(final NotificationKind kind, final HttpStatus status, final int checkCode, final String message) {
        this(kind, status, checkCode, message, null);
    }

    WebhookError(final NotificationKind kind, final HttpStatus status, final int checkCode, final String message, final String field) {
        super(message, null, false, false);
        this.kind = kind;
        this.status = status;
        this.checkCode = checkCode;
        this.field = field;
    }

    NotificationKind kind() {
        return kind;
    }

    HttpStatus status() {
        return status;
    }

    int checkCode() {
        return checkCode;
    }

    String field() {
        return field;
    }
}
