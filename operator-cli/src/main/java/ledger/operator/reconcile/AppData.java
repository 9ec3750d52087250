package ledger.operator.reconcile;

import java.io.IOException;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The club id in the app's {@code Data} JSON, read exactly as the gateway reads it, so a reconciled payment lands in
 * the same shift report as its webhook would have. A copy of the gateway's package-private
 * {@code ledger.gateway.notification.AppData#clubIdOf}; to be replaced by it once that is public.
 */
final class AppData {

    private static final String CLUB_ID = "clubId";
    private static final int MAX_CLUB_ID_CHARS = 128;
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private AppData() {
    }

    static Optional<String> clubIdOf(final String data) {
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
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return Optional.empty();
            }
        } catch (final IOException malformed) {
            return Optional.empty();
        }
        final String clubId = exactSeen ? exact : ignoringCase;
        return clubId != null && !clubId.isBlank() && clubId.length() <= MAX_CLUB_ID_CHARS && clubId.chars().noneMatch(Character::isISOControl)
                ? Optional.of(clubId) : Optional.empty();
    }
}
