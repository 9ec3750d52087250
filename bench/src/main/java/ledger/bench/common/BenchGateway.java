package ledger.bench.common;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import io.javalin.Javalin;
import ledger.gateway.app.GatewayConfig;
import ledger.gateway.app.GatewayService;
import ledger.gateway.organizations.SecretCipher;

/**
 * The real gateway ({@link GatewayService}, configured as in production but listening on 127.0.0.1 only) with one
 * organization, {@link #ORG}, connected through its admin API as an admin would, against a fake CloudPayments API
 * whose {@code POST /test} accepts any credentials. Benchmarks send it notifications signed by
 * {@link PayNotifications#signer()} to {@link #path(String)}.
 */
public final class BenchGateway implements AutoCloseable {

    /** The connected organization. */
    public static final String ORG = "org-bench";
    /** The organization's CloudPayments API secret: CloudPayments signs its notifications with it. */
    public static final String SECRET = "bench-api-secret-4c1d9e";
    /** The operator credential of every service the benchmarks start. */
    public static final String ADMIN_TOKEN = "bench-admin-token-0123456789";

    private final Javalin fakeCloudPayments;
    private final GatewayService gateway;

    private BenchGateway(final Javalin fakeCloudPayments, final GatewayService gateway) {
        this.fakeCloudPayments = fakeCloudPayments;
        this.gateway = gateway;
    }

    /** Starts the fake CloudPayments API and the gateway on this broker and registry, and connects {@link #ORG}. */
    public static BenchGateway start(final String bootstrapServers, final String registryUrl) throws IOException, InterruptedException {
        final Javalin fakeCloudPayments = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.routes.post("/test", ctx -> ctx.json(Map.of("Success", true, "Message", "bench")));
        }).start("127.0.0.1", 0);
        GatewayService gateway = null;
        try {
            gateway = GatewayService.start(GatewayConfig.fromEnv(Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers,
                    "SCHEMA_REGISTRY_URL", registryUrl,
                    "GATEWAY_LISTEN_HOST", "127.0.0.1",
                    "GATEWAY_PORT", "0",
                    "ADMIN_TOKEN", ADMIN_TOKEN,
                    "GATEWAY_SECRET_KEY", SecretCipher.newKey(),
                    "CLOUDPAYMENTS_API_URL", "http://127.0.0.1:" + fakeCloudPayments.port())));
            connect(gateway.port());
            return new BenchGateway(fakeCloudPayments, gateway);
        } catch (final IOException | InterruptedException | RuntimeException e) {
            if (gateway != null) {
                gateway.close();
            }
            fakeCloudPayments.stop();
            throw e;
        }
    }

    /** The path CloudPayments posts the organization's notifications of this type to ({@code pay}, {@code check}, ...). */
    public static String path(final String type) {
        return "/cloudpayments/" + ORG + "/" + type;
    }

    public int port() {
        return gateway.port();
    }

    /** Connects the organization through the gateway's admin API, as an admin would. */
    private static void connect(final int gatewayPort) throws IOException, InterruptedException {
        final HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gatewayPort + "/orgs/" + ORG + "/integrations/cloudpayments"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"publicId\":\"pk_bench\",\"apiSecret\":\"" + SECRET
                        + "\",\"currency\":\"RUB\",\"minTopUp\":\"1.00\",\"maxTopUp\":\"100000.00\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() != 200 || !reply.body().contains("\"CONNECTED\"")) {
            throw new IllegalStateException("could not connect the organization: " + reply.statusCode() + " " + reply.body());
        }
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            fakeCloudPayments.stop();
        }
    }
}
