package ledger.launcher;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Encodes notification parameters the way CloudPayments does (.NET {@code HttpUtility.UrlEncode}): UTF-8,
 * {@code +} for space, lowercase percent escapes. The demo signs these exact bytes, as CloudPayments would.
 */
final class FormEncoding {

    private FormEncoding() {
    }

    static String encode(final Map<String, String> parameters) {
        final StringBuilder body = new StringBuilder();
        for (final Map.Entry<String, String> p : parameters.entrySet()) {
            if (!body.isEmpty()) {
                body.append('&');
            }
            body.append(p.getKey()).append('=').append(value(p.getValue()));
        }
        return body.toString();
    }

    private static String value(final String value) {
        final StringBuilder out = new StringBuilder();
        for (final byte b : value.getBytes(StandardCharsets.UTF_8)) {
            final int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '!'
                    || c == '*' || c == '(' || c == ')') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02x", c));
            }
        }
        return out.toString();
    }
}
