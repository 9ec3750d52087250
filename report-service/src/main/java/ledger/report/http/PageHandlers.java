package ledger.report.http;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import ledger.platform.access.AccessControl;
import ledger.platform.access.AccessDenied;
import ledger.platform.access.HttpAccess;
import ledger.platform.access.Permission;
import ledger.platform.access.Principal;
import ledger.platform.access.Sessions;
import ledger.report.render.Pages;
import ledger.report.render.ShiftPage;

/**
 * The pages for finance and their sign-in: {@code GET /login} shows the form, {@code POST /login} checks the key and
 * starts a session ({@link Sessions}: a signed {@code HttpOnly SameSite=Strict} cookie, for reading only),
 * {@code POST /logout} ends it on every instance, and the shift page renders a report.
 *
 * <p>Who may sign in: a {@code finance} key of an organization (its session reads that organization's reports only)
 * or an operator token. Keys of other roles are refused: they cannot read reports. The sign-in form carries a nonce
 * that must match its cookie, and a post from another site is refused, so no other site can sign a browser in; the
 * sign-out form carries the session's CSRF token. Failed sign-ins count against the client's address.
 */
final class PageHandlers {

    /** The session cookie of the finance pages. */
    static final String COOKIE = "report_session";
    /** The audience finance sessions are signed for: they open no other service's pages. */
    static final String AUDIENCE = "finance-pages";
    static final Duration LIFETIME = Duration.ofHours(8);
    private static final String LOGIN_COOKIE = "report_login";

    private final ReportHandlers reports;
    private final AccessControl access;
    private final Sessions sessions;
    private final Clock clock;

    PageHandlers(final ReportHandlers reports, final AccessControl access, final Sessions sessions, final Clock clock) {
        this.reports = reports;
        this.access = access;
        this.sessions = sessions;
        this.clock = clock;
    }

    void shiftPage(final Context ctx) {
        final var zone = Inputs.zone(ctx);
        html(ctx, 200, ShiftPage.render(reports.find(ctx), zone, clock.instant(), HttpAccess.session(ctx).map(sessions::csrfToken).orElse(null)));
    }

    void loginForm(final Context ctx) {
        final Optional<Sessions.Session> session = sessions.verify(AUDIENCE, ctx.cookie(COOKIE))
                .filter(s -> access.subject(s.subject()).isPresent());
        if (session.isPresent()) {
            html(ctx, 200, Pages.signedIn(sessions.csrfToken(session.get())));
        } else {
            loginPage(ctx, 200, Inputs.localPath(ctx.queryParam("next")), null);
        }
    }

    void login(final Context ctx) {
        HttpAccess.refuseCrossSite(ctx);
        final String next = Inputs.localPath(ctx.formParam("next"));
        if (!sessions.loginNonceMatches(AUDIENCE, ctx.cookie(LOGIN_COOKIE), ctx.formParam("nonce"))) {
            loginPage(ctx, 403, next, "This sign-in form has expired or came from another site. Try again.");
            return;
        }
        final Optional<Principal> principal;
        try {
            principal = access.signIn(ctx.formParam("token"), ctx.ip());
        } catch (final AccessDenied e) {
            e.retryAfter().ifPresent(wait -> ctx.header("Retry-After", Long.toString(Math.max(1, wait.toSeconds()))));
            loginPage(ctx, e.status(), next, e.getMessage());
            return;
        }
        if (principal.isEmpty()) {
            loginPage(ctx, 401, next, "That key is not valid.");
            return;
        }
        if (principal.get() instanceof Principal.OrgKey key && !Permission.READ_REPORTS.grantedTo(key.key().role())) {
            loginPage(ctx, 403, next, "A key with role " + key.key().role().label() + " cannot read reports; use a finance key.");
            return;
        }
        ctx.header("Set-Cookie", setCookie(COOKIE, sessions.issue(AUDIENCE, principal.get(), LIFETIME), LIFETIME, secure(ctx)));
        ctx.header("Cache-Control", "no-store");
        ctx.redirect(next, HttpStatus.SEE_OTHER);
    }

    /** Ends the session on every instance (with its CSRF token), and in this browser in any case. */
    void logout(final Context ctx) {
        HttpAccess.refuseCrossSite(ctx);
        final Optional<Sessions.Session> session = sessions.verify(AUDIENCE, ctx.cookie(COOKIE));
        if (session.isPresent()) {
            if (!sessions.csrfMatches(session.get(), ctx.formParam("csrf"))) {
                throw AccessDenied.forbidden("this form has no valid CSRF token: reload the page and try again");
            }
            sessions.end(session.get());
        }
        ctx.header("Set-Cookie", setCookie(COOKIE, "", Duration.ZERO, secure(ctx)));
        ctx.header("Cache-Control", "no-store");
        ctx.redirect(Inputs.AFTER_SIGN_IN, HttpStatus.SEE_OTHER);
    }

    /** The sign-in form in place of a page that needs it, coming back to that page afterwards. */
    void signInRequired(final Context ctx) {
        final String query = ctx.queryString();
        loginPage(ctx, 401, Inputs.localPath(ctx.path() + (query == null ? "" : "?" + query)), null);
    }

    private void loginPage(final Context ctx, final int status, final String next, final String failure) {
        final String nonce = sessions.loginNonce(AUDIENCE);
        ctx.header("Set-Cookie", setCookie(LOGIN_COOKIE, nonce, Duration.ofHours(1), secure(ctx)));
        html(ctx, status, Pages.login(next, failure, nonce));
    }

    private static String setCookie(final String name, final String value, final Duration maxAge, final boolean secure) {
        return name + "=" + value + "; Path=/; Max-Age=" + maxAge.toSeconds() + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    static void html(final Context ctx, final int status, final String page) {
        ctx.status(status)
                .contentType(Pages.CONTENT_TYPE)
                .header("Content-Security-Policy", Pages.CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store")
                .result(page);
    }

    private static boolean secure(final Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }
}
