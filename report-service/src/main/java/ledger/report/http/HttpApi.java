package ledger.report.http;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.validation.ValidationError;
import io.javalin.validation.ValidationException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import ledger.platform.access.AccessControl;
import ledger.platform.access.AccessDenied;
import ledger.platform.access.HttpAccess;
import ledger.platform.access.Permission;
import ledger.platform.access.Sessions;
import ledger.platform.http.HardenedHttp;
import ledger.report.app.ReportQueries;
import ledger.report.app.ShiftCommands;
import ledger.report.app.ShiftPublisher;
import ledger.report.render.Pages;
import org.jdbi.v3.core.ConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The report service's HTTP API, built from its collaborators so tests can start it with real or fake ones.
 *
 * <p>Guarantees: every route but health and sign-in requires a credential of the route's organization
 * ({@link Permission}: shifts are opened and closed with an {@code org-admin} key, reports read with a
 * {@code finance} key; operator credentials everywhere); every error, including unknown routes and requests Jetty
 * rejects itself, is a JSON {@code {"error": ..., "field"?: ...}} with the right status, mapped once here, except on
 * pages, where it is an HTML page; no stack trace leaves the process.
 *
 * <p>Credentials: the {@code Authorization: Bearer <key or token>} header, for everything; or, for reading with GET
 * only, the session cookie a browser gets by signing in at {@code /login} ({@link PageHandlers}), so the finance page,
 * its CSV and JSON links work in a browser. Keys are never accepted in the URL: they would stay in browser history,
 * server logs and proxies. When a request has an {@code Authorization} header, only the header counts. A page
 * requested without a credential answers 401 with the sign-in form, which comes back to the page afterwards.
 */
public final class HttpApi {

    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private HttpApi() {
    }

    /** The API, not yet started. */
    public static Javalin create(final ReportQueries queries, final ShiftCommands commands, final AccessControl access,
                                 final Sessions sessions, final HealthChecks health, final PrometheusMeterRegistry metrics) {
        final ObjectMapper mapper = objectMapper();
        final Clock clock = Clock.systemUTC();
        final ShiftHandlers shifts = new ShiftHandlers(commands, mapper);
        final ReportHandlers reports = new ReportHandlers(queries);
        final PageHandlers pages = new PageHandlers(reports, access, sessions, clock);
        final HttpAccess guard = new HttpAccess(access, Optional.of(new HttpAccess.PageSessions(sessions, PageHandlers.COOKIE, PageHandlers.AUDIENCE, false)));
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(mapper, false));
            HardenedHttp.apply(config);

            config.routes.beforeMatched(guard::guard);

            config.routes.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
            config.routes.get("/health/ready", ctx -> ready(ctx, health));
            config.routes.get("/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(metrics.scrape()), Permission.READ_METRICS);

            config.routes.post("/orgs/{orgId}/clubs/{clubId}/shifts/open", shifts::open, Permission.MANAGE_SHIFTS);
            config.routes.post("/orgs/{orgId}/clubs/{clubId}/shifts/{shiftId}/close", shifts::close, Permission.MANAGE_SHIFTS);
            config.routes.get("/orgs/{orgId}/shifts/{shiftId}/report", reports::shiftReport, Permission.READ_REPORTS);
            config.routes.get("/orgs/{orgId}/shifts/{shiftId}/report.csv", reports::shiftReportCsv, Permission.READ_REPORTS);
            config.routes.get("/orgs/{orgId}/shifts/{shiftId}", pages::shiftPage, Permission.READ_REPORTS, HttpAccess.Page.HTML);
            config.routes.get("/orgs/{orgId}/clubs/{clubId}/shifts", reports::clubShifts, Permission.READ_REPORTS);
            config.routes.get("/orgs/{orgId}/clubs/{clubId}/shifts.csv", reports::clubShiftsCsv, Permission.READ_REPORTS);
            config.routes.get("/orgs/{orgId}/unassigned", reports::unassigned, Permission.READ_REPORTS);

            config.routes.get("/login", pages::loginForm);
            config.routes.post("/login", pages::login);
            config.routes.post("/logout", pages::logout);

            config.routes.exception(AccessDenied.class, (e, ctx) -> {
                e.retryAfter().ifPresent(wait -> ctx.header("Retry-After", Long.toString(Math.max(1, wait.toSeconds()))));
                if (e.status() == 401) {
                    ctx.header("WWW-Authenticate", "Bearer");
                    if (isPage(ctx)) {
                        pages.signInRequired(ctx);
                        return;
                    }
                }
                error(ctx, e.status(), e.getMessage(), null);
            });
            config.routes.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.getMessage(), e.field()));
            config.routes.exception(ValidationException.class, (e, ctx) -> {
                final Map.Entry<String, List<ValidationError<Object>>> first = e.getErrors().entrySet().iterator().next();
                final String message = first.getValue().isEmpty() ? "is invalid" : first.getValue().get(0).getMessage();
                error(ctx, 400, first.getKey() + " " + message, first.getKey());
            });
            config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage(), null));
            config.routes.exception(ShiftPublisher.PublishFailedException.class, (e, ctx) -> {
                log.warn("shift command failed: {}", e.getMessage());
                error(ctx, 503, "Kafka is unavailable; the shift was not changed, try again", null);
            });
            config.routes.exception(ConnectionException.class, (e, ctx) -> {
                log.warn("database unavailable: {}", e.getMessage());
                error(ctx, 503, "the report database is unavailable, try again", null);
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
                error(ctx, 500, "internal error", null);
            });
        });
    }

    /** The mapper used for request and response bodies: ISO-8601 times, strict about unknown request fields. */
    static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    private static boolean isPage(final Context ctx) {
        return ctx.routeRoles().contains(HttpAccess.Page.HTML);
    }

    private static void ready(final Context ctx, final HealthChecks health) {
        final boolean database = health.database().getAsBoolean();
        final boolean sink = health.sink().getAsBoolean();
        final Map<String, Object> body = new LinkedHashMap<>();
        if (!(database && sink)) {
            body.put("error", "not ready");
        }
        body.put("status", database && sink ? "READY" : "NOT_READY");
        body.put("database", database);
        body.put("sink", sink);
        ctx.status(database && sink ? 200 : 503).json(body);
    }

    private static void error(final Context ctx, final int status, final String message, final String field) {
        if (isPage(ctx)) {
            PageHandlers.html(ctx, status, Pages.error(status, message));
        } else {
            ctx.status(status).json(new ErrorBody(message, field));
        }
    }
}
