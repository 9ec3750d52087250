package ledger.gateway.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import ledger.platform.access.AccessDenied;

/**
 * Routes that answer with HTML pages (the organization admin's pages), added to the gateway's application and
 * guarded like every other route. Their routes carry {@link ledger.platform.access.HttpAccess.Page#HTML}, and
 * their refusals and errors are pages too.
 */
public interface PageRoutes {

    /** Adds the pages' routes. */
    void add(RoutesConfig routes);

    /** Answers a refused credential on a page route (401: the sign-in page; 403 and 429: an error page). */
    void refused(AccessDenied refusal, Context ctx);

    /** Answers any other error on a page route. */
    void failed(int status, String message, Context ctx);

    /** No pages. */
    PageRoutes NONE = new PageRoutes() {
        @Override
        public void add(final RoutesConfig routes) {
        }

        @Override
        public void refused(final AccessDenied refusal, final Context ctx) {
            ctx.status(refusal.status()).result(refusal.getMessage());
        }

        @Override
        public void failed(final int status, final String message, final Context ctx) {
            ctx.status(status).result(message);
        }
    };
}
