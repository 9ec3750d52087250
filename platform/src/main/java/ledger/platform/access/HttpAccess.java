package ledger.platform.access;

import java.net.URI;
import java.util.Optional;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;

/**
 * The guard every service runs before a matched route: a route that lists a {@link Permission} among its roles
 * needs a principal that holds it in the route's {@code {orgId}} (routes without one need the operator
 * credential); a route without a permission is public (webhooks, health, the app's payment settings, sign-in).
 *
 * <p>Credentials: the {@code Authorization: Bearer} header (an API key or an operator token), which alone counts
 * when present; else, where the service has pages, its session cookie: for a GET, or for a form post that carries
 * the session's CSRF token in the {@code csrf} field. A post from another site is refused whatever it carries
 * ({@code Sec-Fetch-Site} other than {@code same-origin} or {@code none}; without it, an {@code Origin} that is not
 * this host).
 *
 * <p>The principal is left on the context ({@link #principal}) for handlers that record who did what.
 */
public final class HttpAccess {

    private static final String PRINCIPAL = "ledger.principal";
    private static final String SESSION = "ledger.session";

    private final AccessControl access;
    private final Optional<PageSessions> pages;

    /**
     * Where a service's pages keep their sessions: the cookie's name and the sessions' audience, and whether a session
     * may change anything (with its CSRF token) or only read, as the finance pages' sessions do.
     */
    public record PageSessions(Sessions sessions, String cookie, String audience, boolean writes) {
        public PageSessions(final Sessions sessions, final String cookie, final String audience) {
            this(sessions, cookie, audience, true);
        }
    }

    public HttpAccess(final AccessControl access, final Optional<PageSessions> pages) {
        this.access = access;
        this.pages = pages;
    }

    /** The {@code beforeMatched} handler. */
    public void guard(final Context ctx) {
        final Optional<Permission> required = ctx.routeRoles().stream()
                .filter(Permission.class::isInstance).map(Permission.class::cast).findFirst();
        if (required.isEmpty()) {
            return;
        }
        final Principal principal = principalOf(ctx);
        AccessControl.authorize(principal, required.get(), ctx.pathParamMap().get("orgId"));
        ctx.attribute(PRINCIPAL, principal);
    }

    /** Who made this request (set by {@link #guard}); empty on public routes. */
    public static Optional<Principal> principal(final Context ctx) {
        return Optional.ofNullable(ctx.attribute(PRINCIPAL));
    }

    /** How the audit log names who made this request: {@link Principal#actor()}, or {@code unknown} on public routes. */
    public static String actor(final Context ctx) {
        return principal(ctx).map(Principal::actor).orElse("unknown");
    }

    /** The page session of this request, when it was authenticated by one. */
    public static Optional<Sessions.Session> session(final Context ctx) {
        return Optional.ofNullable(ctx.attribute(SESSION));
    }

    /**
     * Refuses a form post that another site made: a browser says so in {@code Sec-Fetch-Site}, or sends an
     * {@code Origin} other than this host. Requests from programs carry neither and pass.
     */
    public static void refuseCrossSite(final Context ctx) {
        final String site = ctx.header("Sec-Fetch-Site");
        if (site != null) {
            // A browser that says where the post came from is believed: only this origin, or the user typing (none).
            // (With Referrer-Policy no-referrer a browser sends Origin: null on its own forms, so Origin cannot decide.)
            if (!"same-origin".equalsIgnoreCase(site) && !"none".equalsIgnoreCase(site)) {
                throw AccessDenied.forbidden("cross-site form posts are refused");
            }
            return;
        }
        final String origin = ctx.header("Origin");
        if (origin == null) {
            return;
        }
        final String host = ctx.header("Host");
        try {
            final URI uri = URI.create(origin);
            final String originHost = uri.getHost() == null ? null : uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            if (originHost == null || host == null || !host.equalsIgnoreCase(originHost)) {
                throw AccessDenied.forbidden("cross-site form posts are refused");
            }
        } catch (final IllegalArgumentException e) {
            throw AccessDenied.forbidden("cross-site form posts are refused");
        }
    }

    private Principal principalOf(final Context ctx) {
        final String header = ctx.header("Authorization");
        if (header != null || pages.isEmpty()) {
            return access.authenticate(header, ctx.ip());
        }
        final PageSessions page = pages.get();
        final String cookie = ctx.cookie(page.cookie());
        if (cookie == null) {
            return access.authenticate(null, ctx.ip());
        }
        final Optional<Sessions.Session> session = page.sessions().verify(page.audience(), cookie);
        final Optional<Principal> principal = session.flatMap(s -> access.subject(s.subject()));
        if (principal.isEmpty()) {
            throw access.sessionRefused(ctx.ip());
        }
        if (ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD) {
            if (!page.writes()) {
                throw AccessDenied.unauthenticated("a page session only reads: send Authorization: Bearer <API key> to change anything");
            }
            refuseCrossSite(ctx);
            if (!page.sessions().csrfMatches(session.get(), ctx.formParam("csrf"))) {
                throw AccessDenied.forbidden("this form has no valid CSRF token: reload the page and try again");
            }
        }
        ctx.attribute(SESSION, session.get());
        return principal.get();
    }

    /** Routes marked with this role answer with HTML pages, so their errors are pages too. */
    public enum Page implements RouteRole { HTML }
}
