package ledger.platform.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error responses (a request so malformed or so large that it never reaches Javalin: a bad request line,
 * a URI or headers over the limit) as the services' JSON error body {@code {"error": "..."}}, with the standard
 * reason phrase only: never an HTML page, never a stack trace or a parser detail.
 */
public final class JsonErrorHandler extends ErrorHandler {

    @Override
    public boolean handle(final Request request, final Response response, final Callback callback) {
        final int status = response.getStatus() >= 400 ? response.getStatus() : 500;
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, body(status), callback);
        return true;
    }

    @Override
    public ByteBuffer badMessageError(final int status, final String reason, final HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return body(status);
    }

    private static ByteBuffer body(final int status) {
        final String message = HttpStatus.getMessage(status).toLowerCase(Locale.ROOT);
        return ByteBuffer.wrap(("{\"error\":\"" + message.replace("\"", "'") + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
