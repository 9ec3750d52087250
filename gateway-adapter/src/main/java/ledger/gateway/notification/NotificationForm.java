package ledger.gateway.notification;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The parameters of one CloudPayments notification, as name/value strings, parsed from the raw bytes of the
 * request (the exact bytes whose signature was checked; a parsed body is never re-serialised).
 *
 * <p>Formats:
 * <ul>
 *   <li>{@code application/x-www-form-urlencoded} bodies and GET query strings: {@code &}-separated pairs,
 *       {@code +} is a space, {@code %XX} escapes in either hex case, decoded with the organization's charset
 *       (UTF-8 by default; CloudPayments can also be configured for Windows-1251). Bytes that are not valid in
 *       that charset, and a {@code %} not followed by two hex digits, make the whole body malformed.</li>
 *   <li>{@code application/json}: one object. String values are taken as they are; numbers keep their source
 *       text exactly ({@code 100.00} stays {@code "100.00"}, never a double); booleans become
 *       {@code "true"}/{@code "false"}; {@code null} is absent; nested objects and arrays ({@code Data},
 *       {@code CustomFields}) are kept as their JSON source text, verbatim.</li>
 * </ul>
 *
 * <p>Guarantees: an empty value is the same as an absent one (CloudPayments sends {@code SubscriptionId=}
 * for "none"); names are looked up exactly, case-sensitively, as CloudPayments spells them; unknown names are
 * kept and simply never asked for. A name that occurs twice is accepted only when every non-empty occurrence
 * carries the same value; otherwise the body is rejected as {@link Problem#DUPLICATE_FIELD}, because
 * choosing one of two different amounts or account ids would be a guess and real CloudPayments bodies never
 * repeat a name. Instances are immutable.
 */
public final class NotificationForm {

    /** The charset CloudPayments uses unless the organization configured Windows-1251. */
    public static final Charset DEFAULT_CHARSET = StandardCharsets.UTF_8;

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final Map<String, String> values;

    private NotificationForm(final Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** The outcome of reading a body: the form, or why its bytes are not a well-formed notification. */
    public sealed interface Result permits Parsed, Malformed {
    }

    /** @param form the parameters found */
    public record Parsed(NotificationForm form) implements Result {
    }

    /**
     * @param problem what kind of malformation
     * @param detail  where (parameter name or position); never the whole body, which may hold personal data
     */
    public record Malformed(Problem problem, String detail) implements Result {
        @Override
        public String toString() {
            return problem + ": " + detail;
        }
    }

    /** Kinds of malformed body. */
    public enum Problem {
        /** A {@code %} not followed by two hex digits. */
        MALFORMED_PERCENT_ENCODING,
        /** Bytes that are not valid text in the organization's charset. */
        INVALID_CHARACTERS,
        /** The same name twice with different values. */
        DUPLICATE_FIELD,
        /** Not parseable as JSON, or trailing content after the object. */
        INVALID_JSON,
        /** Valid JSON, but not an object. */
        NOT_A_JSON_OBJECT,
        /** A content type that cannot carry CloudPayments parameters (multipart). */
        UNSUPPORTED_CONTENT_TYPE
    }

    /**
     * Parses a POST body, choosing the format from the {@code Content-Type} header.
     *
     * <p>JSON when the media type is JSON ({@code application/json}, {@code text/json}, {@code *+json}), or
     * when there is no Content-Type and the body starts with <code>{</code>; otherwise form-urlencoded, because
     * the exact header CloudPayments sends is not documented and every integration reads the body as a form.
     * A charset parameter in the header is ignored: which charset CloudPayments uses is a per-organization
     * setting in its merchant cabinet, passed here as {@code charset}.
     */
    public static Result parse(final byte[] body, final String contentType, final Charset charset) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(charset, "charset");
        final String mediaType = mediaType(contentType);
        if (mediaType.startsWith("multipart/")) {
            return new Malformed(Problem.UNSUPPORTED_CONTENT_TYPE, "content type " + FieldError.quote(mediaType)
                    + " is not supported; CloudPayments sends form-urlencoded parameters");
        }
        final boolean json = mediaType.equals("application/json") || mediaType.equals("text/json")
                || mediaType.endsWith("+json") || (mediaType.isEmpty() && startsWithBrace(body));
        return json ? parseJson(body, charset) : parseUrlEncoded(body, charset);
    }

    /** Parses an {@code application/x-www-form-urlencoded} body. */
    public static Result parseUrlEncoded(final byte[] body, final Charset charset) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(charset, "charset");
        final Map<String, String> values = new LinkedHashMap<>();
        int pairStart = 0;
        int pairNumber = 0;
        while (pairStart <= body.length) {
            final int pairEnd = indexOf(body, (byte) '&', pairStart, body.length);
            pairNumber++;
            if (pairEnd > pairStart) {
                // Without an '=' (indexOf answers pairEnd) the pair is a name with an empty value, i.e. absent.
                final int equals = indexOf(body, (byte) '=', pairStart, pairEnd);
                final int valueStart = Math.min(equals + 1, pairEnd);
                final byte[] nameBytes = PercentDecoding.decode(body, pairStart, equals);
                if (nameBytes == null) {
                    return new Malformed(Problem.MALFORMED_PERCENT_ENCODING, "in the name of parameter #" + pairNumber);
                }
                final Optional<String> name = text(nameBytes, charset);
                if (name.isEmpty()) {
                    return invalidCharacters("the name of parameter #" + pairNumber, charset);
                }
                final byte[] valueBytes = PercentDecoding.decode(body, valueStart, pairEnd);
                if (valueBytes == null) {
                    return new Malformed(Problem.MALFORMED_PERCENT_ENCODING, "in the value of "
                            + FieldError.quote(name.get()));
                }
                final Optional<String> value = text(valueBytes, charset);
                if (value.isEmpty()) {
                    return invalidCharacters("the value of " + FieldError.quote(name.get()), charset);
                }
                final Malformed duplicate = put(values, name.get(), value.get());
                if (duplicate != null) {
                    return duplicate;
                }
            }
            pairStart = pairEnd + 1;
        }
        return new Parsed(new NotificationForm(values));
    }

    /**
     * Parses a GET notification's raw query string (still percent-encoded, with or without the leading
     * {@code ?}). Characters that arrive unencoded are taken through {@code charset} unchanged.
     */
    public static Result parseQueryString(final String rawQuery, final Charset charset) {
        Objects.requireNonNull(rawQuery, "rawQuery");
        Objects.requireNonNull(charset, "charset");
        final String query = rawQuery.startsWith("?") ? rawQuery.substring(1) : rawQuery;
        return parseUrlEncoded(query.getBytes(charset), charset);
    }

    /** Parses a JSON object body; see the class comment for how values become strings. */
    public static Result parseJson(final byte[] body, final Charset charset) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(charset, "charset");
        final Optional<String> decoded = text(body, charset);
        if (decoded.isEmpty()) {
            return invalidCharacters("the JSON body", charset);
        }
        final String source = decoded.get();
        final Map<String, String> values = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(source)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new Malformed(Problem.NOT_A_JSON_OBJECT, "the body is JSON but not an object");
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                final String name = parser.currentName();
                parser.nextToken();
                final String value = jsonValueText(parser, source);
                if (value != null) {
                    final Malformed duplicate = put(values, name, value);
                    if (duplicate != null) {
                        return duplicate;
                    }
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return new Malformed(Problem.INVALID_JSON, "unexpected content after the object at "
                        + position(parser));
            }
        } catch (final JsonProcessingException e) {
            return new Malformed(Problem.INVALID_JSON, e.getOriginalMessage() + " at " + position(e));
        } catch (final IOException e) {
            // Reading from an in-memory String cannot fail with real I/O; anything else is a parser fault.
            throw new IllegalStateException("JSON parser failed on an in-memory body", e);
        }
        return new Parsed(new NotificationForm(values));
    }

    /**
     * A form from already-separated parameters (the simulator, reconciliation from the API, tests). Null and
     * empty values are dropped, as in a parsed body.
     */
    public static NotificationForm of(final Map<String, String> parameters) {
        final Map<String, String> values = new LinkedHashMap<>();
        parameters.forEach((name, value) -> {
            Objects.requireNonNull(name, "parameter name");
            if (value != null && !value.isEmpty()) {
                values.put(name, value);
            }
        });
        return new NotificationForm(values);
    }

    /** The value of parameter {@code name} (exact, case-sensitive), or empty when absent or empty. */
    public Optional<String> value(final String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** Whether parameter {@code name} is present with a non-empty value. */
    public boolean has(final String name) {
        return values.containsKey(name);
    }

    /** The names present with non-empty values, in the order they arrived. */
    public Set<String> names() {
        return values.keySet();
    }

    /** All non-empty parameters, in arrival order; unmodifiable. */
    public Map<String, String> asMap() {
        return values;
    }

    /** Names only: values may hold personal data (names, e-mails, IP addresses) and must not reach logs. */
    @Override
    public String toString() {
        return "NotificationForm" + values.keySet();
    }

    private static String jsonValueText(final JsonParser parser, final String source) throws IOException {
        final JsonToken token = parser.currentToken();
        switch (token) {
            case VALUE_STRING:
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                // getText() is the number's source text, so "100.00" is not turned into 100.0.
                return parser.getText();
            case VALUE_TRUE:
                return "true";
            case VALUE_FALSE:
                return "false";
            case VALUE_NULL:
                return null;
            case START_OBJECT:
            case START_ARRAY:
                final int start = Math.toIntExact(parser.currentTokenLocation().getCharOffset());
                parser.skipChildren();
                final int end = Math.toIntExact(parser.currentLocation().getCharOffset());
                return source.substring(start, end);
            default:
                throw new IllegalStateException("unexpected JSON token after a field name: " + token);
        }
    }

    /** Adds one pair; returns the error when it conflicts with an earlier pair of the same name. */
    private static Malformed put(final Map<String, String> values, final String name, final String value) {
        if (name.isEmpty() || value.isEmpty()) {
            // An empty value is an absent value; an empty name cannot be asked for.
            return null;
        }
        final String earlier = values.putIfAbsent(name, value);
        if (earlier != null && !earlier.equals(value)) {
            return new Malformed(Problem.DUPLICATE_FIELD, FieldError.quote(name) + " occurs twice with different values");
        }
        return null;
    }

    /** Strict decoding: malformed or unmappable bytes are reported, never replaced with U+FFFD. */
    private static Optional<String> text(final byte[] bytes, final Charset charset) {
        try {
            final CharBuffer chars = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return Optional.of(chars.toString());
        } catch (final CharacterCodingException notInCharset) {
            return Optional.empty();
        }
    }

    private static Malformed invalidCharacters(final String where, final Charset charset) {
        return new Malformed(Problem.INVALID_CHARACTERS, where + " is not valid " + charset.name());
    }

    private static String mediaType(final String contentType) {
        if (contentType == null) {
            return "";
        }
        final int semicolon = contentType.indexOf(';');
        final String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return type.trim().toLowerCase(Locale.ROOT);
    }

    private static boolean startsWithBrace(final byte[] body) {
        for (final byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b == '{';
            }
        }
        return false;
    }

    /** The index of {@code wanted} in {@code bytes[from, to)}, or {@code to} when it does not occur. */
    private static int indexOf(final byte[] bytes, final byte wanted, final int from, final int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return to;
    }

    private static String position(final JsonParser parser) {
        return "line " + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr();
    }

    private static String position(final JsonProcessingException e) {
        return e.getLocation() == null ? "an unknown position"
                : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof NotificationForm form && values.equals(form.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }
}
