package ledger.gateway.notification;

import java.io.ByteArrayOutputStream;

/**
 * {@code application/x-www-form-urlencoded} decoding at the byte level: {@code +} becomes a space and
 * {@code %XX} (either hex case; CloudPayments writes {@code %d0%9e}) becomes the byte XX; every other byte
 * is kept as it is.
 *
 * <p>Working on bytes rather than characters keeps the charset question (UTF-8 or Windows-1251) out of the
 * escape handling: the caller decodes the resulting bytes with the organization's charset, and the
 * {@code X-Content-HMAC} check signs them unchanged.
 */
final class PercentDecoding {

    private PercentDecoding() {
    }

    /**
     * Decodes {@code source[from, to)}, or returns {@code null} when a {@code %} is not followed by two hex
     * digits (a truncated or invented escape means the bytes are not what CloudPayments sent).
     */
    static byte[] decode(final byte[] source, final int from, final int to) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        int i = from;
        while (i < to) {
            final byte b = source[i];
            if (b == '+') {
                out.write(' ');
                i++;
            } else if (b == '%') {
                if (i + 2 >= to) {
                    return null;
                }
                final int high = hexValue(source[i + 1]);
                final int low = hexValue(source[i + 2]);
                if (high < 0 || low < 0) {
                    return null;
                }
                out.write((high << 4) | low);
                i += 3;
            } else {
                out.write(b);
                i++;
            }
        }
        return out.toByteArray();
    }

    /** Decodes a whole byte array; see {@link #decode(byte[], int, int)}. */
    static byte[] decode(final byte[] source) {
        return decode(source, 0, source.length);
    }

    private static int hexValue(final byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
