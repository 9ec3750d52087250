package ledger.report.render;

/**
 * HTML escaping for text and double-quoted attribute values. Every value that reaches a page goes through
 * {@link #escape}: customer ids, reasons and card types come from outside.
 */
public final class Html {

    private Html() {
    }

    /** {@code value} safe inside element text and inside a double- or single-quoted attribute; {@code null} is empty. */
    public static String escape(final String value) {
        if (value == null) {
            return "";
        }
        final StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // Control characters other than tab and line breaks are not allowed in HTML text.
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7F) {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
