package ledger.gateway.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.javalin.Javalin;

/** A local stand-in for CloudPayments' API: {@code POST /test} with HTTP Basic, accepting the credentials it was given. */
final class FakeCloudPaymentsApi implements AutoCloseable {

    private final Map<String, String> secretsByPublicId = new ConcurrentHashMap<>();
    private volatile boolean down;
    private final Javalin http;

    FakeCloudPaymentsApi() {
        http = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.post("/test", ctx -> {
                if (down) {
                    ctx.status(503).result("<html>maintenance</html>");
                    return;
                }
                final String header = ctx.header("Authorization");
                if (header != null && header.startsWith("Basic ")) {
                    final String[] pair = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8).split(":", 2);
                    if (pair.length == 2 && pair[1].equals(secretsByPublicId.get(pair[0]))) {
                        ctx.json(Map.of("Success", true, "Message", "bd6353c3-0ed6-4a65-946f-083664bf8dbd"));
                        return;
                    }
                }
                ctx.status(401).result("");
            });
        }).start("127.0.0.1", 0);
    }

    void accept(final String publicId, final String secret) {
        secretsByPublicId.put(publicId, secret);
    }

    /** While down, answers 503 with an HTML page, as an outage would. */
    void down(final boolean down) {
        this.down = down;
    }

    String url() {
        return "http://127.0.0.1:" + http.port();
    }

    @Override
    public void close() {
        http.stop();
    }
}
