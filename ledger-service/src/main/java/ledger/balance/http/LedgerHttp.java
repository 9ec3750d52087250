package ledger.balance.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import ledger.balance.app.RestoreProgress;
import ledger.platform.access.AccessDenied;
import ledger.platform.access.HttpAccess;
import ledger.platform.access.Permission;
import ledger.platform.http.HardenedHttp;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's HTTP API: balances and recent balance events (a {@code backend} or {@code finance} key of the
 * organization, or an operator credential), health and metrics (operator). Every error is a JSON body with a status,
 * never an HTML page or a stack trace.
 */
public final class LedgerHttp {

    private static final Logger log = LoggerFactory.getLogger(LedgerHttp.class);

    private LedgerHttp() {
    }

    /**
     * @param restore how far the stores' restore is, told by {@code /health/ready} while the ledger is not ready (an
     *        orchestrator sees it is recovering, not hanging)
     */
    public static Javalin create(final KafkaStreams streams, final BalanceQueries balances, final HttpAccess access,
                                 final PrometheusMeterRegistry metrics, final Supplier<RestoreProgress.Snapshot> restore) {
        return Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson(new ObjectMapper(), false));
            config.startup.showJavalinBanner = false;
            config.routes.beforeMatched(access::guard);
            config.routes.get("/orgs/{orgId}/balances/{customerId}", balances::balance, Permission.READ_BALANCES);
            config.routes.get("/orgs/{orgId}/balances/{customerId}/events", balances::events, Permission.READ_BALANCES);
            // Deprecated: the paths before /orgs/{orgId}/...; they answer for this release, with the same credentials.
            config.routes.get("/balances/{orgId}/{customerId}", balances::balance, Permission.READ_BALANCES);
            config.routes.get("/balances/{orgId}/{customerId}/events", balances::events, Permission.READ_BALANCES);
            config.routes.before("/balances/*", ctx -> ctx.header("Deprecation", "true")
                    .header("Link", "<" + ctx.path().replaceFirst("^/balances/([^/]+)/", "/orgs/$1/balances/") + ">; rel=\"successor-version\""));
            HardenedHttp.apply(config);
            config.routes.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
            config.routes.get("/health/ready", ctx -> ready(ctx, streams.state(), restore.get()));
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()),
                    Permission.READ_METRICS);
            config.routes.exception(AccessDenied.class, (e, ctx) -> {
                if (e.status() == 401) {
                    ctx.header("WWW-Authenticate", "Bearer");
                }
                e.retryAfter().ifPresent(wait -> ctx.header("Retry-After", Long.toString(Math.max(1, wait.toSeconds()))));
                ctx.status(e.status()).json(Map.of("error", e.getMessage()));
            });
            config.routes.exception(ApiError.class, (e, ctx) -> ctx.status(e.status()).json(Map.of("error", e.getMessage())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
                ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).json(Map.of("error", "internal error; see the ledger's log"));
            });
            config.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    ctx.json(Map.of("error", "no such endpoint: " + ctx.method() + " " + ctx.path()));
                }
            });
        });
    }

    private static void ready(final Context ctx, final KafkaStreams.State state, final RestoreProgress.Snapshot restore) {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", state == KafkaStreams.State.RUNNING ? "UP" : "DOWN");
        body.put("streams", state.name());
        if (state != KafkaStreams.State.RUNNING && restore.restoring()) {
            body.put("restoring", Map.of("restoredRecords", restore.restoredRecords(), "totalRecords", restore.totalRecords(),
                    "partitions", restore.partitionsRestoring(), "message", restore.describe()));
        }
        ctx.status(state == KafkaStreams.State.RUNNING ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
    }
}
