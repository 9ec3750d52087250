package ledger.report.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;

/**
 * Reads optional JSON request bodies strictly: unknown fields are refused (a misspelt {@code "openAt"} must not
 * silently mean "now"), and every problem names the field when there is one.
 */
final class JsonBodies {

    private JsonBodies() {
    }

    /** The body as {@code type}, or {@code empty} when there is no body. */
    static <T> T read(final ObjectMapper mapper, final Context ctx, final Class<T> type, final T empty) {
        final String body = ctx.body();
        if (body.isBlank()) {
            return empty;
        }
        try {
            final T value = mapper.readValue(body, type);
            return value == null ? empty : value;
        } catch (final UnrecognizedPropertyException e) {
            throw ApiError.badRequest(e.getPropertyName(), "unknown field " + e.getPropertyName());
        } catch (final MismatchedInputException e) {
            final String field = fieldOf(e);
            throw ApiError.badRequest(field, field == null ? "body must be a JSON object" : field + " has the wrong type");
        } catch (final JsonProcessingException e) {
            throw ApiError.badRequest(null, "body is not valid JSON");
        }
    }

    private static String fieldOf(final JsonMappingException e) {
        return e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
    }
}
