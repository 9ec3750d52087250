package ledger.report.render;

import static ledger.report.render.Html.escape;

/**
 * The frame every page shares (UTF-8, a small inline stylesheet, no script) and the small pages: sign-in, signed-in
 * and errors. Pages are served with a Content-Security-Policy that forbids every script, so even a value that
 * escaped escaping could not run.
 */
public final class Pages {

    /** The policy the pages are served with: inline styles and nothing else, no forms to other origins. */
    public static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    public static final String CONTENT_TYPE = "text/html; charset=utf-8";

    private static final String CSS = """
            :root{--ink:#1d2733;--muted:#5d6b7a;--line:#dde3ea;--bg:#f5f7fa;--live:#2f6fb0;--test:#d98a1c;--bad:#b3261e}
            *{box-sizing:border-box}
            body{margin:0;font:14px/1.45 "DejaVu Sans","Segoe UI",Roboto,Arial,sans-serif;color:var(--ink);background:var(--bg)}
            header.top{display:flex;justify-content:space-between;align-items:center;padding:10px 24px;background:#1d2733;color:#fff}
            header.top .brand{font-weight:600;letter-spacing:.02em}
            header.top button{background:transparent;color:#fff;border:1px solid #8796a8;border-radius:4px;padding:3px 10px;cursor:pointer}
            main{max-width:1180px;margin:0 auto;padding:20px 24px 40px}
            h1{font-size:22px;margin:4px 0 12px}
            h2{font-size:16px;margin:0 0 10px}
            section{background:#fff;border:1px solid var(--line);border-radius:6px;padding:14px 16px;margin:14px 0}
            dl.facts{display:grid;grid-template-columns:repeat(4,auto 1fr);gap:4px 12px;margin:0}
            dl.facts dt{color:var(--muted)}
            dl.facts dd{margin:0;font-weight:600}
            .badge,.mark{display:inline-block;border-radius:3px;padding:0 6px;font-size:11px;font-weight:700;letter-spacing:.04em;vertical-align:middle}
            .badge.open{background:#e3f4e8;color:#1e6b35}
            .badge.closed{background:#e8ecf1;color:#3b4a5a}
            .badge.amended,.mark.amended{background:#fdecea;color:var(--bad)}
            .mark.test{background:#fff1dc;color:#8a5200}
            .notice{margin:10px 0 0;padding:8px 12px;border-left:4px solid var(--bad);background:#fdf3f2}
            .downloads{margin:10px 0 0}
            p.apart{margin:-4px 0 14px;padding:0 2px;color:var(--muted);font-size:13px}
            a{color:var(--live)}
            table{border-collapse:collapse;width:100%}
            th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
            th{font-size:12px;color:var(--muted);font-weight:600}
            td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
            td.wrap{white-space:normal;word-break:break-word}
            td.type{white-space:normal}
            section.totals.live{border-top:4px solid var(--live)}
            section.totals.test{border-top:4px solid var(--test);background:#fffbf4}
            section.totals.test h2{color:#8a5200}
            tr.test td{background:#fffaf0}
            td.muted{color:var(--muted);text-decoration:line-through}
            .small{color:var(--muted);font-size:12px}
            .empty{color:var(--muted);margin:0}
            .legend{display:flex;gap:16px;font-size:12px;color:var(--muted);margin:0 0 6px}
            .legend i{display:inline-block;width:10px;height:10px;margin-right:5px;vertical-align:-1px}
            svg.chart{width:100%;height:auto;display:block}
            svg .grid{stroke:#e6ebf0}
            svg .axis{fill:var(--muted);font-size:12px}
            svg .count{fill:var(--ink);font-size:12px;font-weight:600}
            svg rect.live{fill:var(--live)}
            svg rect.test{fill:var(--test)}
            footer{color:var(--muted);font-size:12px;margin-top:18px}
            section.signin{max-width:520px;margin:48px auto}
            form.login{display:flex;flex-direction:column;gap:8px;max-width:360px}
            form.login input{padding:7px 9px;border:1px solid #b8c2cd;border-radius:4px;font:inherit}
            form.login button{padding:7px 9px;border:0;border-radius:4px;background:var(--live);color:#fff;font:inherit;cursor:pointer}
            p.error{color:var(--bad);font-weight:600}
            @media print{header.top form{display:none}body{background:#fff}section{border:0;padding:0}}
            """;

    private Pages() {
    }

    /**
     * A whole page: {@code title} is plain text, {@code body} is HTML already escaped; {@code csrf} is the session's
     * form token when a session is signed in (the page then has a Sign out button), else null.
     */
    static String page(final String title, final String csrf, final String body) {
        final StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"referrer\" content=\"no-referrer\">\n")
                .append("<title>").append(escape(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n")
                .append("<header class=\"top\"><span class=\"brand\">Payment ledger · shift reports</span>");
        if (csrf != null) {
            html.append("<form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"").append(escape(csrf))
                    .append("\"><button type=\"submit\" id=\"sign-out\">Sign out</button></form>");
        }
        html.append("</header>\n<main>\n").append(body).append("</main>\n</body>\n</html>\n");
        return html.toString();
    }

    /**
     * The sign-in form, posting the key to {@code /login}; {@code next} is where to go afterwards (already
     * checked to be a local path), {@code failure} why the last attempt was refused (plain text) or null, {@code nonce}
     * the form's token against cross-site posts.
     */
    public static String login(final String next, final String failure, final String nonce) {
        final StringBuilder body = new StringBuilder()
                .append("<section class=\"signin\"><h1>Sign in</h1>")
                .append("<p>Shift reports are for finance. Sign in with your organization's finance API key (or an operator token).</p>");
        if (failure != null) {
            body.append("<p class=\"error\" id=\"login-error\">").append(escape(failure)).append("</p>");
        }
        body.append("<form class=\"login\" method=\"post\" action=\"/login\">")
                .append("<input type=\"hidden\" name=\"nonce\" value=\"").append(escape(nonce)).append("\">")
                .append("<label for=\"token\">API key</label>")
                .append("<input type=\"password\" id=\"token\" name=\"token\" autocomplete=\"current-password\" required autofocus>")
                .append("<input type=\"hidden\" name=\"next\" value=\"").append(escape(next)).append("\">")
                .append("<button type=\"submit\" id=\"sign-in\">Sign in</button></form>")
                .append("<p class=\"small\">The session lasts 8 hours, only reads reports, and ends when you sign out.</p></section>\n");
        return page("Sign in · shift reports", null, body.toString());
    }

    public static String signedIn(final String csrf) {
        return page("Signed in · shift reports", csrf, "<section class=\"signin\"><h1>Signed in</h1><p>Open a shift report from its link,"
                + " <code>/orgs/&lt;organization&gt;/shifts/&lt;shift&gt;</code>.</p></section>\n");
    }

    /** An error page; {@code message} is plain text. */
    public static String error(final int status, final String message) {
        final String title = switch (status) {
            case 400 -> "Bad request";
            case 403 -> "Not allowed";
            case 429 -> "Too many attempts";
            case 404 -> "Not found";
            case 503 -> "Temporarily unavailable";
            default -> "Something went wrong";
        };
        return page(title + " · shift reports", null, "<section><h1>" + escape(title) + "</h1><p id=\"error-message\">"
                + escape(message) + "</p></section>\n");
    }
}
