package ledger.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for CloudPayments' API, so the gateway can verify an organization's credentials when it is
 * connected (PROTOCOL.md §5): {@code POST /test} with HTTP Basic (Public ID, API Secret) answers
 * {@code {"Success":true,...}} for the credentials it was told to accept and HTTP 401 for any other; HTTP 503 to
 * everything while it is {@linkplain #down down}.
 */
final class FakeCloudPaymentsApi implements AutoCloseable {

    private final Map<String, String> secretsByPublicId = new ConcurrentHashMap<>();
    private final HttpServer server;
    private volatile boolean down;

    FakeCloudPaymentsApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/test", this::test);
        server.start();
    }

    void accept(final String publicId, final String apiSecret) {
        secretsByPublicId.put(publicId, apiSecret);
    }

    /** While down, every request answers HTTP 503, as CloudPayments does during an outage: the gateway cannot verify. */
    void down(final boolean down) {
        this.down = down;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void test(final HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if (down) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            final String header = exchange.getRequestHeaders().getFirst("Authorization");
            if ("POST".equals(exchange.getRequestMethod()) && header != null && header.startsWith("Basic ")) {
                final String[] pair = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8).split(":", 2);
                if (pair.length == 2 && pair[1].equals(secretsByPublicId.get(pair[0]))) {
                    final byte[] body = "{\"Success\":true,\"Message\":\"bd6353c3-0ed6-4a65-946f-083664bf8dbd\"}".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    return;
                }
            }
            exchange.sendResponseHeaders(401, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
