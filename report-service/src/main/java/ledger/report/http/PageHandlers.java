package ledger.report.http;

import java.time.Clock;
import java.util.Optional;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import ledger.report.http.AccessTokens.Access;
import ledger.report.render.Pages;
import ledger.report.render.ShiftPage;

/**
 * The pages for finance and their sign-in: {@code GET /login} shows the form, {@code POST /login} checks the token
 * and starts a {@link PageSessions session}, {@code POST /logout} ends it, and the shift page renders a report.
 */
final class PageHandlers {

    private final ReportHandlers reports;
    private final AccessTokens tokens;
    private final PageSessions sessions;
    private final Clock clock;

    PageHandlers(final ReportHandlers reports, final AccessTokens tokens, final PageSessions sessions, final Clock clock) {
        this.reports = reports;
        this.tokens = tokens;
        this.sessions = sessions;
        this.clock = clock;
    }

    void shiftPage(final Context ctx) {
        final var zone = Inputs.zone(ctx);
        html(ctx, 200, ShiftPage.render(reports.find(ctx), zone, clock.instant()));
    }

    void loginForm(final Context ctx) {
        if (sessions.isValid(ctx.cookie(PageSessions.COOKIE))) {
            html(ctx, 200, Pages.signedIn());
        } else {
            html(ctx, 200, Pages.login(Inputs.localPath(ctx.queryParam("next")), false));
        }
    }

    void login(final Context ctx) {
        final String next = Inputs.localPath(ctx.formParam("next"));
        final Optional<Access> granted = tokens.grantToken(ctx.formParam("token"));
        if (granted.isEmpty()) {
            html(ctx, 401, Pages.login(next, true));
            return;
        }
        ctx.header("Set-Cookie", sessions.setCookie(sessions.issue(), secure(ctx)));
        ctx.header("Cache-Control", "no-store");
        ctx.redirect(next, HttpStatus.SEE_OTHER);
    }

    void logout(final Context ctx) {
        ctx.header("Set-Cookie", sessions.clearCookie(secure(ctx)));
        ctx.header("Cache-Control", "no-store");
        ctx.redirect(Inputs.AFTER_SIGN_IN, HttpStatus.SEE_OTHER);
    }

    /** The sign-in form in place of a page that needs it, coming back to that page afterwards. */
    static void signInRequired(final Context ctx) {
        final String query = ctx.queryString();
        html(ctx, 401, Pages.login(Inputs.localPath(ctx.path() + (query == null ? "" : "?" + query)), false));
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
