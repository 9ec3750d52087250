package ledger.gateway.notification;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads what the club's app put into the payment's {@code Data} JSON, which CloudPayments echoes back as the
 * exact string the app passed (PROTOCOL.md §2.9).
 *
 * <p>Only {@code clubId} is read, and leniently: the app is not CloudPayments, its JSON is whatever some app
 * version sent, and a payment must never be refused because of it. So a malformed, non-object or absent
 * {@code Data} simply has no club (the report puts such payments in their own bucket); {@code clubId} may be
 * a string or a number at the top level; an exact {@code clubId} key wins, otherwise the first key equal to
 * it ignoring case ({@code ClubId}, {@code clubid}) is used (the first occurrence of a key counts), as inner key casing varies between apps. A
 * blank value, or one longer than {@value #MAX_CLUB_ID_CHARS} characters or with control characters, is no
 * club id.
 *
 * <p>Public because other modules use it too (the operator's reconciliation), so that a reconciled payment lands in
 * the same club as its webhook.
 */
public final class AppData {

    static final String CLUB_ID = "clubId";

    /** Club ids are short identifiers; anything longer is not one and should not reach reports. */
    private static final int MAX_CLUB_ID_CHARS = 128;

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private AppData() {
    }

    /** The club id in {@code data}, or empty when there is none or {@code data} is not a JSON object. */
    public static Optional<String> clubIdOf(final String data) {
        if (data == null || data.isBlank()) {
            return Optional.empty();
        }
        boolean exactSeen = false;
        String exact = null;
        String ignoringCase = null;
        try (JsonParser parser = JSON.createParser(data)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                final String name = parser.currentName();
                final JsonToken value = parser.nextToken();
                final String text = value == JsonToken.VALUE_STRING || value.isNumeric() ? parser.getText() : null;
                parser.skipChildren();
                if (name.equals(CLUB_ID) && !exactSeen) {
                    exactSeen = true;
                    exact = text;
                } else if (name.equalsIgnoreCase(CLUB_ID) && ignoringCase == null) {
                    ignoringCase = text;
                }
            }
            // The whole text must be one well-formed object: a clubId in front of garbage is not trusted.
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return Optional.empty();
            }
        } catch (final IOException malformed) {
            // Data is the app's free-form JSON; malformed Data means "no club", never a refused payment.
            return Optional.empty();
        }
        final String clubId = exactSeen ? exact : ignoringCase;
        return isUsable(clubId) ? Optional.of(clubId) : Optional.empty();
    }

    private static boolean isUsable(final String clubId) {
        return clubId != null && !clubId.isBlank() && clubId.length() <= MAX_CLUB_ID_CHARS
                && clubId.chars().noneMatch(Character::isISOControl);
    }
}
