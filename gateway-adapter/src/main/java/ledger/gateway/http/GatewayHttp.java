package ledger.gateway.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import ledger.events.NotificationKind;
import ledger.platform.access.AccessDenied;
import ledger.platform.access.HttpAccess;
import ledger.platform.access.Permission;
import ledger.platform.http.HardenedHttp;
import ledger.platform.kafka.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the gateway's HTTP application from its parts, so tests can start it with fakes. Errors are
 * mapped here, once: every answer is JSON, never an HTML page or a stack trace.
 */
public final class GatewayHttp {

    private static final Logger log = LoggerFactory.getLogger(GatewayHttp.class);

    /** Where the integration endpoints lived before {@code /orgs/{orgId}/...}; they answer for this release, marked deprecated. */
    static final String DEPRECATED_BASE = "/organizations/{orgId}/integrations/cloudpayments";

    private GatewayHttp() {
    }

    public static Javalin create(final WebhookHandler webhooks, final IntegrationHandlers integrations, final ApiKeyHandlers keys,
                                 final HttpAccess access, final PrometheusMeterRegistry metrics, final BooleanSupplier ready) {
        return create(webhooks, integrations, keys, access, metrics, ready, PageRoutes.NONE);
    }

    /**
     * The gateway's application.
     *
     * @param pages the organization admin's pages, guarded the same way
     */
    public static Javalin create(final WebhookHandler webhooks, final IntegrationHandlers integrations, final ApiKeyHandlers keys,
                                 final HttpAccess access, final PrometheusMeterRegistry metrics, final BooleanSupplier ready,
                                 final PageRoutes pages) {
        return Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson(new ObjectMapper(), false));
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = WebhookHandler.MAX_BODY_BYTES;
            config.routes.beforeMatched(access::guard);
            HardenedHttp.apply(config);
            config.routes.post("/cloudpayments/{orgId}/{type}", webhooks::handle);
            config.routes.get("/cloudpayments/{orgId}/{type}", webhooks::handle);
            for (final String base : List.of("/orgs/{orgId}/integrations/cloudpayments", DEPRECATED_BASE)) {
                config.routes.put(base, integrations::put, Permission.MANAGE_CONNECTION);
                config.routes.get(base, integrations::get, Permission.READ_CONNECTION);
                config.routes.delete(base, integrations::delete, Permission.MANAGE_CONNECTION);
                config.routes.put(base + "/mode", integrations::putMode, Permission.MANAGE_CONNECTION);
                config.routes.post(base + "/verify", integrations::verify, Permission.MANAGE_CONNECTION);
                config.routes.delete(base + "/previous-secret", integrations::endPreviousSecret, Permission.MANAGE_CONNECTION);
            }
            config.routes.before(DEPRECATED_BASE + "*", ctx -> ctx.header("Deprecation", "true")
                    .header("Link", "<" + ctx.path().replaceFirst("^/organizations/", "/orgs/") + ">; rel=\"successor-version\""));
            config.routes.get("/orgs/{orgId}/payment-settings", integrations::paymentSettings);
            config.routes.post("/orgs/{orgId}/api-keys", keys::create, Permission.MANAGE_KEYS);
            config.routes.get("/orgs/{orgId}/api-keys", keys::list, Permission.LIST_KEYS);
            config.routes.delete("/orgs/{orgId}/api-keys/{keyId}", keys::revoke, Permission.MANAGE_KEYS);
            config.routes.get("/orgs/{orgId}/audit-log", keys::auditLog, Permission.READ_AUDIT_LOG);
            config.routes.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
            config.routes.get("/health/ready", ctx -> {
                final boolean up = ready.getAsBoolean();
                ctx.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("status", up ? "UP" : "DOWN"));
            });
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()),
                    Permission.READ_METRICS);
            pages.add(config.routes);

            config.routes.exception(AccessDenied.class, (e, ctx) -> {
                if (e.status() == 401) {
                    ctx.header("WWW-Authenticate", "Bearer");
                }
                e.retryAfter().ifPresent(wait -> ctx.header("Retry-After", Long.toString(Math.max(1, wait.toSeconds()))));
                if (ctx.routeRoles().contains(HttpAccess.Page.HTML)) {
                    pages.refused(e, ctx);
                    return;
                }
                ctx.status(e.status()).json(body(null, e.getMessage(), null));
            });
            config.routes.exception(WebhookError.class, (e, ctx) -> {
                final boolean checkDecline = e.kind() == NotificationKind.CHECK && e.status() == HttpStatus.BAD_REQUEST;
                ctx.status(checkDecline ? HttpStatus.OK : e.status()).json(body(e.checkCode(), e.getMessage(), e.field()));
                webhooks.count(e.kind(), checkDecline ? "declined" : "refused_" + e.status().getCode());
            });
            config.routes.exception(ApiError.class, (e, ctx) -> {
                if (ctx.routeRoles().contains(HttpAccess.Page.HTML)) {
                    pages.failed(e.status().getCode(), e.getMessage(), ctx);
                    return;
                }
                ctx.status(e.status()).json(body(null, e.getMessage(), e.field()));
            });
            config.routes.exception(StoreUnavailableException.class, (e, ctx) -> {
                log.warn("integration change on {} {} not stored: {}", ctx.method(), ctx.path(), e.getMessage());
                if (ctx.routeRoles().contains(HttpAccess.Page.HTML)) {
                    pages.failed(503, "Kafka did not acknowledge the change: it may not have been stored; reload the page and retry when Kafka is back", ctx);
                    return;
                }
                ctx.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .json(body(null, "Kafka did not acknowledge the change: it may not have been stored; check with GET and retry when Kafka is back", null));
            });
            config.routes.exception(HttpResponseException.class, (e, ctx) ->
                    ctx.status(e.getStatus()).json(body(null, e.getMessage(), null)));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
                if (ctx.routeRoles().contains(HttpAccess.Page.HTML)) {
                    pages.failed(500, "internal error; see the gateway's log", ctx);
                    return;
                }
                ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).json(body(13, "internal error; see the gateway's log", null));
            });
            config.routes.error(HttpStatus.NOT_FOUND.getCode(), "*", ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    ctx.json(body(null, "no such endpoint: " + ctx.method() + " " + ctx.path(), null));
                }
            });
            config.routes.error(HttpStatus.CONTENT_TOO_LARGE.getCode(), "*", ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty() || !ctx.result().startsWith("{")) {
                    ctx.json(body(13, "body larger than " + WebhookHandler.MAX_BODY_BYTES + " bytes", null));
                }
            });
        });
    }

    private static Map<String, Object> body(final Integer code, final String error, final String field) {
        final Map<String, Object> body = new LinkedHashMap<>();
        if (code != null) {
            body.put("code", code);
        }
        body.put("error", error);
        if (field != null) {
            body.put("field", field);
        }
        return body;
    }
}
