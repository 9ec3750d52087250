package ledger.gateway.notification;

import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Test helper: renders parameters as {@code application/x-www-form-urlencoded} bodies the way CloudPayments
 * does (.NET {@code HttpUtility.UrlEncode}: lower-case escapes, {@code +} for space, {@code -_.!*()} left
 * alone) or the way Java's {@link URLEncoder} does (upper-case escapes), so that parsing is tested against
 * both.
 */
final class FormBodies {

    private FormBodies() {
    }

    /** The body as CloudPayments writes it: {@code DateTime=2015-11-17+14%3a51%3a20}. */
    static byte[] cloudPaymentsStyle(final List<Map.Entry<String, String>> pairs, final Charset charset) {
        return pairs.stream()
                .map(pair -> dotNetEncode(pair.getKey(), charset) + "=" + dotNetEncode(pair.getValue(), charset))
                .collect(Collectors.joining("&"))
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The body with upper-case escapes, as {@link URLEncoder} writes it. */
    static byte[] javaStyle(final List<Map.Entry<String, String>> pairs, final Charset charset) {
        return pairs.stream()
                .map(pair -> URLEncoder.encode(pair.getKey(), charset) + "=" + URLEncoder.encode(pair.getValue(), charset))
                .collect(Collectors.joining("&"))
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** One value in .NET style: unreserved ASCII kept, space as {@code +}, every other byte as {@code %xx}. */
    static String dotNetEncode(final String value, final Charset charset) {
        final StringBuilder encoded = new StringBuilder();
        for (final byte b : value.getBytes(charset)) {
            final int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.!*()".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else if (c == ' ') {
                encoded.append('+');
            } else {
                encoded.append('%').append(String.format(Locale.ROOT, "%02x", c));
            }
        }
        return encoded.toString();
    }
}
