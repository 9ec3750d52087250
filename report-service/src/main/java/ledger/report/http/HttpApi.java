package ledger.report.http;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.security.RouteRole;
import io.javalin.validation.ValidationError;
import io.javalin.validation.ValidationException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import ledger.platform.http.HardenedHttp;
import ledger.report.app.ReportQueries;
import ledger.report.app.ShiftCommands;
import ledger.report.app.ShiftPublisher;
import ledger.report.http.AccessTokens.Access;
import ledger.report.render.Pages;
import org.jdbi.v3.core.ConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The report service's HTTP API, built from its collaborators so tests can start it with real or fake ones.
 *
 * <p>Guarantees: every route but health, metrics and sign-in requires a credential (admin for writes, admin or
 * finance for reads); every error, including unknown routes and requests Jetty rejects itself, is a JSON
 * {@code {"error": ..., "field"?: ...}} with the right status, mapped once here, except on pages, where it is an
 * HTML page; no stack trace leaves the process.
 *
 * <p>Credentials: the {@code Authorization: Bearer <token>} header, for everything; or, for reading with GET only,
 * the session cookie a browser gets by signing in with either token at {@code /login} ({@link PageSessions}: an
 * {@code HttpOnly SameSite=Strict} cookie, so the finance page, its CSV and JSON links work in a browser). Tokens
 * are never accepted in the URL: they would stay in browser history, server logs and proxies. When a request has
 * an {@code Authorization} header, only the header counts. A page requested without a credential answers 401
 * with the sign-in form, which comes back to the page afterwards.
 */
public final class HttpApi {

    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private HttpApi() {
    }

    /** The API, not yet started. */
    public static Javalin create(final ReportQueries queries, final ShiftCommands commands, final AccessTokens tokens,
                                 final HealthChecks health, final PrometheusMeterRegistry metrics) {
        final ObjectMapper mapper = objectMapper();
        final Clock clock = Clock.systemUTC();
        final ShiftHandlers shifts = new ShiftHandlers(commands, mapper);
        final ReportHandlers reports = new ReportHandlers(queries);
        final PageSessions sessions = new PageSessions(tokens.sessionKey(), clock);
        final PageHandlers pages = new PageHandlers(reports, tokens, sessions, clock);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(mapper, false));
            HardenedHttp.apply(config);

            config.routes.beforeMatched(ctx -> authorize(ctx, tokens, sessions));

            config.routes.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
            config.routes.get("/health/ready", ctx -> ready(ctx, health));
            config.routes.get("/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(metrics.scrape()));

            config.routes.post("/orgs/{orgId}/clubs/{clubId}/shifts/open", shifts::open, Access.ADMIN);
            config.routes.post("/orgs/{orgId}/clubs/{clubId}/shifts/{shiftId}/close", shifts::close, Access.ADMIN);
            config.routes.get("/orgs/{orgId}/shifts/{shiftId}/report", reports::shiftReport, Access.READ);
            config.routes.get("/orgs/{orgId}/shifts/{shiftId}/report.csv", reports::shiftReportCsv, Access.READ);
            config.routes.get("/orgs/{orgId}/shifts/{shiftId}", pages::shiftPage, Access.READ, Page.HTML);
            config.routes.get("/orgs/{orgId}/clubs/{clubId}/shifts", reports::clubShifts, Access.READ);
            config.routes.get("/orgs/{orgId}/clubs/{clubId}/shifts.csv", reports::clubShiftsCsv, Access.READ);
            config.routes.get("/orgs/{orgId}/unassigned", reports::unassigned, Access.READ);

            config.routes.get("/login", pages::loginForm);
            config.routes.post("/login", pages::login);
            config.routes.post("/logout", pages::logout);

            config.routes.exception(ApiError.class, (e, ctx) -> {
                if (e.status() == 401) {
                    ctx.header("WWW-Authenticate", "Bearer");
                    if (isPage(ctx)) {
                        PageHandlers.signInRequired(ctx);
                        return;
                    }
                }
                error(ctx, e.status(), e.getMessage(), e.field());
            });
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

    /** Marks the routes that answer with an HTML page, so their errors are pages too. */
    enum Page implements RouteRole { HTML }

    private static void authorize(final Context ctx, final AccessTokens tokens, final PageSessions sessions) {
        final Set<RouteRole> roles = ctx.routeRoles();
        if (roles.isEmpty()) {
            return;
        }
        final String header = ctx.header("Authorization");
        final Optional<Access> credential;
        if (header != null) {
            credential = tokens.grant(header);
        } else if (ctx.method() == HandlerType.GET && sessions.isValid(ctx.cookie(PageSessions.COOKIE))) {
            credential = Optional.of(Access.READ);
        } else {
            credential = Optional.empty();
        }
        final Access granted = credential.orElseThrow(() -> new ApiError(401, "missing or invalid bearer token", null));
        for (final RouteRole role : roles) {
            if (role instanceof Access required && !granted.allows(required)) {
                throw new ApiError(403, "this token may only read reports", null);
            }
        }
    }

    private static boolean isPage(final Context ctx) {
        return ctx.routeRoles().contains(Page.HTML);
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
