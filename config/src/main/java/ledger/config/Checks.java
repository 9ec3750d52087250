package ledger.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks of setting values, each failing with an {@link IllegalArgumentException} that names the variable and
 * echoes the refused value (never use these for secrets: {@link #require} with a message of your own instead).
 */
public final class Checks {

    private static final Pattern HOST_PORT = Pattern.compile("^[A-Za-z0-9._-]+:(\\d{1,5})$|^\\[[0-9A-Fa-f:.]+]:(\\d{1,5})$");
    private static final Pattern TOPIC_PREFIX = Pattern.compile("[A-Za-z0-9._-]{0,100}");
    private static final Pattern LISTEN_HOST = Pattern.compile("[A-Za-z0-9.:-]+");

    private Checks() {
    }

    public static void require(final boolean condition, final String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** A comma-separated list of {@code host:port} (IPv6 in brackets), ports 1..65535. */
    public static void bootstrapServers(final String value) {
        require(value != null && isBootstrapServers(value), Env.KAFKA_BOOTSTRAP_SERVERS
                + " must be a comma-separated list of host:port, got '" + value + "'");
    }

    /** An http(s):// URL with a host, or {@code mock://scope} (tests). */
    public static void schemaRegistryUrl(final String value) {
        require(value != null && (value.startsWith("mock://") ? value.length() > "mock://".length() : isHttpUrl(value)),
                Env.SCHEMA_REGISTRY_URL + " must be an http(s):// URL (or mock://scope in tests), got '" + value + "'");
    }

    /** Letters, digits, '.', '_' and '-', at most 100: it goes into topic names. */
    public static void topicPrefix(final String value) {
        require(value != null && TOPIC_PREFIX.matcher(value).matches(), Env.TOPIC_PREFIX
                + " may hold only letters, digits, '.', '_' and '-' (at most 100), got '" + value + "'");
    }

    /** An http(s):// URL with a host. */
    public static void httpUrl(final String variable, final String value) {
        require(value != null && isHttpUrl(value), variable + " must be an http(s):// URL, got '" + value + "'");
    }

    /** A TCP port to listen on, 0 meaning any free port. */
    public static void port(final String variable, final int value) {
        require(value >= 0 && value <= 65_535, variable + " must be 0..65535 (0 = any free port), got " + value);
    }

    /** The address an HTTP server binds: a host name, an IPv4 or an IPv6 address. */
    public static void listenHost(final String variable, final String value) {
        require(value != null && LISTEN_HOST.matcher(value).matches(), variable + " must be a host name or address, got '" + value + "'");
    }

    static boolean isHttpUrl(final String value) {
        try {
            final URI uri = new URI(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (final URISyntaxException e) {
            return false;
        }
    }

    private static boolean isBootstrapServers(final String servers) {
        if (servers.isBlank()) {
            return false;
        }
        for (final String server : servers.split(",", -1)) {
            final Matcher matcher = HOST_PORT.matcher(server.trim());
            if (!matcher.matches()) {
                return false;
            }
            final int port = Integer.parseInt(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
            if (port < 1 || port > 65_535) {
                return false;
            }
        }
        return true;
    }
}
