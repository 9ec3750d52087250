package ledger.gateway.http;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import ledger.events.OrgMode;
import ledger.gateway.organizations.ConnectionChanges;
import ledger.gateway.organizations.ConnectionStatus;
import ledger.gateway.organizations.Integration;
import ledger.gateway.organizations.Integrations;
import ledger.platform.access.AccessControl;
import ledger.platform.access.AccessDenied;
import ledger.platform.access.HttpAccess;
import ledger.platform.access.Permission;
import ledger.platform.access.Principal;
import ledger.platform.access.Role;
import ledger.platform.access.Sessions;
import ledger.platform.audit.AuditLog;

/**
 * The organization admin's pages: "Organization settings → Integrations → CloudPayments", server-rendered, and their
 * sign-in. {@code GET|POST /admin/sign-in} (an org-admin key, or the operator token with the organization to open),
 * {@code POST /admin/sign-out} (ends the session on the server), and under
 * {@code /orgs/{orgId}/settings/integrations/cloudpayments}: the page, Save (connect), {@code /mode} and
 * {@code /verify}. Access and CSRF are checked by {@link HttpAccess} before a handler runs; changes go through
 * {@link ConnectionChanges}, as the JSON API's do, so the history reads the same. A successful post redirects back
 * to the page with a short result flag (Post/Redirect/Get); a refused save renders the page again with 422 or 503.
 */
public final class AdminPages implements PageRoutes {

    static final String BASE = "/orgs/{orgId}/settings/integrations/cloudpayments";
    private static final String NONCE_COOKIE = "admin_sign_in";
    private static final Duration SESSION_LIFETIME = Duration.ofHours(8);
    private static final Map<String, String> RESULTS = Map.of(
            "connected", "Saved: CloudPayments accepted the credentials. Connected.",
            "unverified", "Saved unverified: CloudPayments could not be reached; it will be checked again.",
            "checked-connected", "Checked: CloudPayments accepts the credentials.",
            "checked-invalid", "Checked: CloudPayments refuses the credentials.",
            "checked-unreachable", "CloudPayments could not be reached; the connection is unchanged.",
            "mode-live", "Switched to LIVE.",
            "mode-test", "Switched to TEST.");

    private final IntegrationHandlers integrations;
    private final Integrations store;
    private final ConnectionChanges changes;
    private final AuditLog audit;
    private final AccessControl access;
    private final Sessions sessions;
    private final String cookie;
    private final String audience;
    private final SecureRandom random = new SecureRandom();

    public AdminPages(final IntegrationHandlers integrations, final Integrations store, final ConnectionChanges changes, final AuditLog audit,
                      final AccessControl access, final Sessions sessions, final String cookie, final String audience) {
        this.integrations = integrations;
        this.store = store;
        this.changes = changes;
        this.audit = audit;
        this.access = access;
        this.sessions = sessions;
        this.cookie = cookie;
        this.audience = audience;
    }

    @Override
    public void add(final RoutesConfig routes) {
        routes.get("/admin", ctx -> ctx.redirect("/admin/sign-in", HttpStatus.SEE_OTHER));
        routes.get("/admin/sign-in", this::signInForm, HttpAccess.Page.HTML);
        routes.post("/admin/sign-in", this::signIn, HttpAccess.Page.HTML);
        routes.post("/admin/sign-out", this::signOut, HttpAccess.Page.HTML);
        routes.get(BASE, this::settings, Permission.READ_CONNECTION, HttpAccess.Page.HTML);
        routes.post(BASE, this::save, Permission.MANAGE_CONNECTION, HttpAccess.Page.HTML);
        routes.post(BASE + "/mode", this::mode, Permission.MANAGE_CONNECTION, HttpAccess.Page.HTML);
        routes.post(BASE + "/verify", this::verify, Permission.MANAGE_CONNECTION, HttpAccess.Page.HTML);
    }

    @Override
    public void refused(final AccessDenied refusal, final Context ctx) {
        if (refusal.status() == 401) {
            signInPage(ctx, 401, "Sign in to open this page.");
            return;
        }
        html(ctx, refusal.status(), AdminHtml.error(refusal.status(), refusal.getMessage()), null);
    }

    @Override
    public void failed(final int status, final String message, final Context ctx) {
        html(ctx, status, AdminHtml.error(status, message), null);
    }

    void signInForm(final Context ctx) {
        signInPage(ctx, 200, null);
    }

    void signIn(final Context ctx) {
        HttpAccess.refuseCrossSite(ctx);
        if (!sessions.loginNonceMatches(audience, ctx.cookie(NONCE_COOKIE), ctx.formParam("nonce"))) {
            signInPage(ctx, 403, "This sign-in form expired or came from elsewhere; try again.");
            return;
        }
        // 429 (throttled) propagates to refused(), with Retry-After.
        final Optional<Principal> principal = access.signIn(ctx.formParam("key"), ctx.ip());
        if (principal.isEmpty()) {
            signInPage(ctx, 401, "That key is not valid.");
            return;
        }
        final String orgId;
        if (principal.get() instanceof Principal.OrgKey key) {
            if (key.key().role() != Role.ORG_ADMIN) {
                signInPage(ctx, 403, "A key with role " + key.key().role().label() + " cannot open organization settings; use an org-admin key.");
                return;
            }
            orgId = key.key().orgId();
        } else if (principal.get() instanceof Principal.Operator) {
            final String requested = ctx.formParam("orgId") == null ? "" : ctx.formParam("orgId").trim();
            if (!requested.matches("[A-Za-z0-9_-]{1,64}")) {
                signInPage(ctx, 400, "The operator token opens one organization: enter its id.");
                return;
            }
            orgId = requested;
        } else {
            signInPage(ctx, 403, "The operator's read token cannot open organization settings.");
            return;
        }
        final String session = sessions.issue(audience, principal.get(), SESSION_LIFETIME);
        ctx.res().addHeader("Set-Cookie", cookie + "=" + session + "; Path=/; Max-Age=" + SESSION_LIFETIME.toSeconds()
                + "; HttpOnly; SameSite=Strict" + (secure(ctx) ? "; Secure" : ""));
        ctx.res().addHeader("Set-Cookie", NONCE_COOKIE + "=; Path=/admin/sign-in; Max-Age=0; HttpOnly; SameSite=Strict");
        ctx.header("Cache-Control", "no-store");
        ctx.redirect(page(orgId), HttpStatus.SEE_OTHER);
    }

    void signOut(final Context ctx) {
        HttpAccess.refuseCrossSite(ctx);
        final Optional<Sessions.Session> session = sessions.verify(audience, ctx.cookie(cookie));
        if (session.isPresent()) {
            if (!sessions.csrfMatches(session.get(), ctx.formParam("csrf"))) {
                throw AccessDenied.forbidden("this form has no valid CSRF token: reload the page and try again");
            }
            sessions.end(session.get());
        }
        ctx.res().addHeader("Set-Cookie", cookie + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure(ctx) ? "; Secure" : ""));
        ctx.header("Cache-Control", "no-store");
        ctx.redirect("/admin/sign-in", HttpStatus.SEE_OTHER);
    }

    void settings(final Context ctx) {
        final String orgId = OrgIds.from(ctx);
        final String flag = ctx.queryParam("result");
        final String notice = flag == null ? null : RESULTS.get(flag);
        final boolean bad = flag != null && (flag.equals("checked-invalid") || flag.equals("checked-unreachable") || flag.equals("unverified"));
        render(ctx, 200, orgId, notice, bad, formOf(store.find(orgId)));
    }

    void save(final Context ctx) {
        final String orgId = OrgIds.from(ctx);
        final Optional<Integration> before = store.find(orgId);
        final Map<String, String> typed = new LinkedHashMap<>();
        for (final String field : new String[] {"publicId", "currency", "minTopUp", "maxTopUp"}) {
            typed.put(field, blankToNull(ctx.formParam(field)));
        }
        final Integrations.ConnectRequest request;
        try {
            request = IntegrationHandlers.connectRequest(required(typed.get("publicId"), "Public ID"), required(blankToNull(ctx.formParam("apiSecret")), "API Secret"),
                    typed.get("currency"), typed.get("minTopUp"), typed.get("maxTopUp"), before.map(Integration::enabled).orElse(true),
                    before.map(Integration::charset).orElse(null), null);
        } catch (final ApiError e) {
            render(ctx, 400, orgId, e.getMessage(), true, typed);
            return;
        }
        final boolean force = "true".equals(ctx.formParam("force"));
        final ConnectionChanges.Save save = changes.save(orgId, HttpAccess.actor(ctx), request, force);
        if (save instanceof ConnectionChanges.Refused refused) {
            final boolean invalid = refused.answer() == ConnectionStatus.INVALID_CREDENTIALS;
            render(ctx, invalid ? 422 : 503, orgId, invalid
                    ? "Invalid credentials: CloudPayments refused this Public ID and API Secret. Nothing was changed."
                    : "Unreachable: CloudPayments could not be reached to verify these credentials. Nothing was changed;"
                    + " tick \"save even if CloudPayments cannot be reached\" to save them unverified.", true, typed);
            return;
        }
        final Integration stored = ((ConnectionChanges.Stored) save).integration();
        redirect(ctx, orgId, stored.status() == ConnectionStatus.CONNECTED ? "connected" : "unverified");
    }

    void mode(final Context ctx) {
        final String orgId = OrgIds.from(ctx);
        final String requested = ctx.formParam("mode");
        final OrgMode mode;
        if ("TEST".equals(requested)) {
            mode = OrgMode.TEST;
        } else if ("LIVE".equals(requested)) {
            mode = OrgMode.LIVE;
        } else {
            throw new ApiError(HttpStatus.BAD_REQUEST, "mode must be TEST or LIVE", "mode");
        }
        changes.setMode(orgId, HttpAccess.actor(ctx), mode).orElseThrow(() -> IntegrationHandlers.notConnected(orgId));
        redirect(ctx, orgId, mode == OrgMode.LIVE ? "mode-live" : "mode-test");
    }

    void verify(final Context ctx) {
        final String orgId = OrgIds.from(ctx);
        final Integrations.Checked checked = changes.check(orgId, HttpAccess.actor(ctx)).orElseThrow(() -> IntegrationHandlers.notConnected(orgId));
        redirect(ctx, orgId, switch (checked.answer()) {
            case CONNECTED -> "checked-connected";
            case INVALID_CREDENTIALS -> "checked-invalid";
            default -> "checked-unreachable";
        });
    }

    private void render(final Context ctx, final int status, final String orgId, final String notice, final boolean bad,
                        final Map<String, String> form) {
        final Sessions.Session session = HttpAccess.session(ctx).orElse(null);
        final String csrf = session == null ? "" : sessions.csrfToken(session);
        final AdminHtml.Settings settings = new AdminHtml.Settings(orgId, HttpAccess.actor(ctx), csrf,
                store.find(orgId).map(integrations::view).orElse(null), integrations.webhookUrls(orgId), audit.entries(orgId, 20),
                notice, bad, form);
        final String nonce = token(16);
        html(ctx, status, AdminHtml.settings(settings, nonce), nonce);
    }

    private static Map<String, String> formOf(final Optional<Integration> integration) {
        final Map<String, String> form = new LinkedHashMap<>();
        integration.ifPresent(i -> {
            final int digits = java.util.Currency.getInstance(i.currency()).getDefaultFractionDigits();
            form.put("publicId", i.publicId());
            form.put("currency", i.currency());
            form.put("minTopUp", java.math.BigDecimal.valueOf(i.minTopUpMinor(), digits).toPlainString());
            form.put("maxTopUp", java.math.BigDecimal.valueOf(i.maxTopUpMinor(), digits).toPlainString());
        });
        if (integration.isEmpty()) {
            form.put("currency", "RUB");
            form.put("minTopUp", "1.00");
            form.put("maxTopUp", "100000.00");
        }
        return form;
    }

    private void signInPage(final Context ctx, final int status, final String message) {
        final String nonce = sessions.loginNonce(audience);
        ctx.res().addHeader("Set-Cookie", NONCE_COOKIE + "=" + nonce + "; Path=/admin/sign-in; Max-Age=3600; HttpOnly; SameSite=Strict"
                + (secure(ctx) ? "; Secure" : ""));
        html(ctx, status, AdminHtml.signIn(nonce, message), null);
    }

    private static void redirect(final Context ctx, final String orgId, final String result) {
        ctx.header("Cache-Control", "no-store");
        ctx.redirect(page(orgId) + "?result=" + result, HttpStatus.SEE_OTHER);
    }

    static String page(final String orgId) {
        return BASE.replace("{orgId}", orgId);
    }

    private static void html(final Context ctx, final int status, final String page, final String scriptNonce) {
        ctx.status(status)
                .contentType(AdminHtml.CONTENT_TYPE)
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                        + (scriptNonce == null ? "" : "script-src 'nonce-" + scriptNonce + "'; ")
                        + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                // Not no-referrer: with it Chromium sends "Origin: null" on the pages' own form posts, which
                // HttpAccess.refuseCrossSite refuses as cross-site. same-origin still tells other sites nothing.
                .header("Referrer-Policy", "same-origin")
                .header("Cache-Control", "no-store")
                .result(page);
    }

    private static String required(final String value, final String label) {
        if (value == null) {
            throw new ApiError(HttpStatus.BAD_REQUEST, label + " is required");
        }
        return value;
    }

    private static String blankToNull(final String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static boolean secure(final Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }

    private String token(final int bytes) {
        final byte[] value = new byte[bytes];
        random.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }
}
