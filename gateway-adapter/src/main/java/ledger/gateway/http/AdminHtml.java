package ledger.gateway.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import ledger.platform.audit.AuditEntry;

/**
 * The organization admin's pages as HTML: the same frame and look as the finance pages (a small inline stylesheet,
 * no script needed), written here because the gateway does not depend on the report service. Every value goes
 * through {@link #escape}; the pages are served with a Content-Security-Policy that allows only inline styles and
 * the one nonce-carrying script that adds copy buttons.
 */
final class AdminHtml {

    static final String CONTENT_TYPE = "text/html; charset=utf-8";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private static final String CSS = """
            :root{--ink:#1d2733;--muted:#5d6b7a;--line:#dde3ea;--bg:#f5f7fa;--live:#2f6fb0;--test:#d98a1c;--bad:#b3261e;--good:#1e6b35}
            *{box-sizing:border-box}
            body{margin:0;font:14px/1.45 "DejaVu Sans","Segoe UI",Roboto,Arial,sans-serif;color:var(--ink);background:var(--bg)}
            header.top{display:flex;justify-content:space-between;align-items:center;padding:10px 24px;background:#1d2733;color:#fff}
            header.top .brand{font-weight:600;letter-spacing:.02em}
            header.top form{margin:0}
            header.top button{background:transparent;color:#fff;border:1px solid #8796a8;border-radius:4px;padding:3px 10px;cursor:pointer}
            main{max-width:1180px;margin:0 auto;padding:20px 24px 40px}
            nav.crumbs{color:var(--muted);font-size:13px}
            h1{font-size:22px;margin:4px 0 12px}
            h2{font-size:16px;margin:0 0 10px}
            section{background:#fff;border:1px solid var(--line);border-radius:6px;padding:14px 16px;margin:14px 0}
            dl.facts{display:grid;grid-template-columns:repeat(2,auto 1fr);gap:4px 12px;margin:0}
            dl.facts dt{color:var(--muted)}
            dl.facts dd{margin:0;font-weight:600}
            .badge{display:inline-block;border-radius:3px;padding:0 6px;font-size:11px;font-weight:700;letter-spacing:.04em;vertical-align:middle}
            .badge.connected{background:#e3f4e8;color:var(--good)}
            .badge.invalid{background:#fdecea;color:var(--bad)}
            .badge.unverified,.badge.test{background:#fff1dc;color:#8a5200}
            .badge.none{background:#e8ecf1;color:#3b4a5a}
            .badge.live{background:#e2ecf7;color:var(--live)}
            .notice{margin:10px 0;padding:8px 12px;border-left:4px solid var(--live);background:#f0f5fb}
            .notice.bad{border-left-color:var(--bad);background:#fdf3f2}
            .notice.good{border-left-color:var(--good);background:#eef8f1}
            form.grid{display:grid;grid-template-columns:200px 320px;gap:8px 12px;align-items:center}
            form.grid .wide{grid-column:1/3}
            input[type=text],input[type=password]{padding:6px 8px;border:1px solid #b8c2cd;border-radius:4px;font:inherit}
            button{padding:6px 12px;border:0;border-radius:4px;background:var(--live);color:#fff;font:inherit;cursor:pointer}
            button.quiet{background:#e8ecf1;color:var(--ink)}
            form.inline{display:inline}
            table{border-collapse:collapse;width:100%}
            th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
            th{font-size:12px;color:var(--muted);font-weight:600}
            td.wrap{white-space:normal;word-break:break-word}
            td input.url{width:100%;font-family:monospace;background:#f8fafc}
            .small{color:var(--muted);font-size:12px}
            .empty{color:var(--muted);margin:0}
            section.signin{max-width:520px;margin:48px auto}
            form.login{display:flex;flex-direction:column;gap:8px;max-width:360px}
            p.error{color:var(--bad);font-weight:600}
            """;

    /** Adds working copy buttons where the browser runs script; without it the URLs are selectable text. */
    static final String COPY_SCRIPT = "document.querySelectorAll('button.copy').forEach(function(b){b.hidden=false;"
            + "b.addEventListener('click',function(){var i=document.getElementById(b.dataset.for);i.select();"
            + "var done=function(){b.textContent='Copied';};"
            + "if(navigator.clipboard){navigator.clipboard.writeText(i.value).then(done,function(){document.execCommand('copy');done();});}"
            + "else{document.execCommand('copy');done();}});});";

    private AdminHtml() {
    }

    /** {@code value} safe in element text and quoted attributes; null is empty. */
    static String escape(final String value) {
        if (value == null) {
            return "";
        }
        final StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7F ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    static String time(final Object instant) {
        if (instant == null) {
            return "—";
        }
        return TIME.format(instant instanceof Instant i ? i : Instant.parse(instant.toString()));
    }

    /** A whole page; {@code signOutCsrf} non-null adds the Sign out button; {@code scriptNonce} non-null adds the copy script. */
    static String page(final String title, final String signOutCsrf, final String body, final String scriptNonce) {
        final StringBuilder html = new StringBuilder(16_384)
                .append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"referrer\" content=\"same-origin\">\n")
                .append("<title>").append(escape(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n")
                .append("<header class=\"top\"><span class=\"brand\">Payment ledger · organization admin</span>");
        if (signOutCsrf != null) {
            html.append("<form method=\"post\" action=\"/admin/sign-out\"><input type=\"hidden\" name=\"csrf\" value=\"")
                    .append(escape(signOutCsrf)).append("\"><button type=\"submit\" id=\"sign-out\">Sign out</button></form>");
        }
        html.append("</header>\n<main>\n").append(body).append("</main>\n");
        if (scriptNonce != null) {
            html.append("<script nonce=\"").append(escape(scriptNonce)).append("\">").append(COPY_SCRIPT).append("</script>\n");
        }
        return html.append("</body>\n</html>\n").toString();
    }

    /** The sign-in form; {@code message} (plain text) is shown above it when not null. */
    static String signIn(final String nonce, final String message) {
        final StringBuilder body = new StringBuilder()
                .append("<section class=\"signin\"><h1>Sign in</h1>")
                .append("<p>Organization settings are for the organization's administrator. Sign in with an org-admin API key.</p>");
        if (message != null) {
            body.append("<p class=\"error\" id=\"sign-in-error\">").append(escape(message)).append("</p>");
        }
        body.append("<form class=\"login\" method=\"post\" action=\"/admin/sign-in\">")
                .append("<label for=\"key\">API key</label>")
                .append("<input type=\"password\" id=\"key\" name=\"key\" autocomplete=\"current-password\" required autofocus>")
                .append("<label for=\"orgId\">Organization (operator only)</label>")
                .append("<input type=\"text\" id=\"orgId\" name=\"orgId\" autocomplete=\"off\">")
                .append("<input type=\"hidden\" name=\"nonce\" value=\"").append(escape(nonce)).append("\">")
                .append("<button type=\"submit\" id=\"sign-in\">Sign in</button></form>")
                .append("<p class=\"small\">The session lasts 8 hours and ends on the server when you sign out.</p></section>\n");
        return page("Sign in · organization admin", null, body.toString(), null);
    }

    static String error(final int status, final String message) {
        final String title = switch (status) {
            case 400 -> "Bad request";
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            case 429 -> "Too many attempts";
            case 503 -> "Temporarily unavailable";
            default -> "Something went wrong";
        };
        return page(title + " · organization admin", null, "<section><h1>" + escape(title) + "</h1><p id=\"error-message\">"
                + escape(message) + "</p><p><a href=\"/admin/sign-in\">Sign in</a></p></section>\n", null);
    }

    /** What the settings page shows. {@code view} is {@link IntegrationHandlers#view}, null when not connected. */
    record Settings(String orgId, String actor, String csrf, Map<String, Object> view, Map<String, String> webhookUrls,
                    List<AuditEntry> history, String notice, boolean noticeBad, Map<String, String> form) {
    }

    @SuppressWarnings("unchecked")
    static String settings(final Settings s, final String scriptNonce) {
        final String base = "/orgs/" + s.orgId() + "/settings/integrations/cloudpayments";
        final Map<String, Object> v = s.view();
        final StringBuilder b = new StringBuilder(16_384)
                .append("<nav class=\"crumbs\">Organization settings → Integrations → CloudPayments</nav>")
                .append("<h1>CloudPayments · <span id=\"org-id\">").append(escape(s.orgId())).append("</span></h1>")
                .append("<p class=\"small\">Signed in as ").append(escape(s.actor())).append("</p>");
        if (s.notice() != null) {
            b.append("<p class=\"notice ").append(s.noticeBad() ? "bad" : "good").append("\" id=\"result\">")
                    .append(escape(s.notice())).append("</p>");
        }
        final String status = v == null ? null : (String) v.get("status");
        final String label = status == null ? "Not connected" : switch (status) {
            case "CONNECTED" -> "Connected";
            case "INVALID_CREDENTIALS" -> "Invalid credentials";
            default -> "Unverified";
        };
        final String css = status == null ? "none" : switch (status) {
            case "CONNECTED" -> "connected";
            case "INVALID_CREDENTIALS" -> "invalid";
            default -> "unverified";
        };
        b.append("<section id=\"status\"><h2>Status <span class=\"badge ").append(css).append("\" id=\"connection-status\">")
                .append(escape(label)).append("</span></h2>");
        if (v != null) {
            final Map<String, Object> lastCheck = (Map<String, Object>) v.get("lastCheck");
            final Map<String, Object> last = (Map<String, Object>) v.get("lastNotification");
            b.append("<dl class=\"facts\">");
            fact(b, "Public ID", (String) v.get("publicId"));
            fact(b, "Currency", (String) v.get("currency"));
            fact(b, "Last check", time(lastCheck.get("at")) + " · " + lastCheck.get("answer"));
            fact(b, "Top-up limits", v.get("minTopUp") + " – " + v.get("maxTopUp"));
            fact(b, "Last notification", last == null ? "none received yet"
                    : time(last.get("at")) + (Boolean.TRUE.equals(last.get("testMode")) ? " · test mode" : " · live"));
            fact(b, "Connected since", time(v.get("connectedAt")));
            b.append("</dl>");
            if (v.get("livePaymentSeenInTestModeAt") != null) {
                b.append("<p class=\"notice bad\" id=\"live-in-test-warning\">A live payment arrived at ")
                        .append(escape(time(v.get("livePaymentSeenInTestModeAt"))))
                        .append(" while this organization is in TEST mode: its CloudPayments site is live. Switch to LIVE below.</p>");
            }
            b.append("<form class=\"inline\" method=\"post\" action=\"").append(escape(base + "/verify")).append("\">");
            csrf(b, s.csrf());
            b.append("<button type=\"submit\" class=\"quiet\" id=\"check-again\">Check again</button></form>");
        } else {
            b.append("<p class=\"empty\">This organization has no CloudPayments connection yet.</p>");
        }
        b.append("</section>\n");

        final Map<String, String> f = s.form();
        b.append("<section id=\"connect\"><h2>Connect</h2><form class=\"grid\" method=\"post\" action=\"").append(escape(base)).append("\">");
        csrf(b, s.csrf());
        input(b, "publicId", "Public ID", "text", f.get("publicId"));
        input(b, "apiSecret", "API Secret", "password", null);
        input(b, "currency", "Currency", "text", f.get("currency"));
        input(b, "minTopUp", "Smallest top-up", "text", f.get("minTopUp"));
        input(b, "maxTopUp", "Largest top-up", "text", f.get("maxTopUp"));
        b.append("<label class=\"wide\"><input type=\"checkbox\" name=\"force\" value=\"true\" id=\"force\"> Save even if CloudPayments cannot be reached")
                .append(" (stored unverified and checked again)</label>")
                .append("<div class=\"wide\"><button type=\"submit\" id=\"save\">Save</button></div></form></section>\n");

        b.append("<section id=\"webhooks\"><h2>Webhook URLs</h2><p class=\"small\">Paste each into CloudPayments' dashboard.</p><table><tbody>");
        for (final Map.Entry<String, String> url : s.webhookUrls().entrySet()) {
            final String id = "url-" + url.getKey();
            b.append("<tr><th>").append(escape(url.getKey().substring(0, 1).toUpperCase() + url.getKey().substring(1))).append("</th>")
                    .append("<td><input class=\"url\" type=\"text\" readonly id=\"").append(escape(id)).append("\" value=\"")
                    .append(escape(url.getValue())).append("\"></td><td><button type=\"button\" class=\"copy quiet\" hidden data-for=\"")
                    .append(escape(id)).append("\">Copy</button></td></tr>");
        }
        b.append("</tbody></table></section>\n");

        if (v != null) {
            final String mode = (String) v.get("mode");
            final String other = "LIVE".equals(mode) ? "TEST" : "LIVE";
            b.append("<section id=\"mode\"><h2>Mode <span class=\"badge ").append("LIVE".equals(mode) ? "live" : "test")
                    .append("\" id=\"current-mode\">").append(escape(mode)).append("</span></h2>")
                    .append("<p class=\"small\">In TEST mode test cards credit test balances only; in LIVE mode test cards move nothing.</p>")
                    .append("<form method=\"post\" action=\"").append(escape(base + "/mode")).append("\">");
            csrf(b, s.csrf());
            b.append("<input type=\"hidden\" name=\"mode\" value=\"").append(other).append("\">")
                    .append("<button type=\"submit\" id=\"switch-mode\">Switch to ").append(other).append("</button></form></section>\n");
        }

        b.append("<section id=\"history\"><h2>Change history</h2>");
        if (s.history().isEmpty()) {
            b.append("<p class=\"empty\">No changes yet.</p>");
        } else {
            b.append("<table><thead><tr><th>When</th><th>Who</th><th>What</th><th>Details</th></tr></thead><tbody>");
            for (final AuditEntry e : s.history()) {
                b.append("<tr data-action=\"").append(escape(e.action())).append("\"><td>").append(escape(time(e.at()))).append("</td><td>")
                        .append(escape(e.actor())).append("</td><td>").append(escape(action(e.action()))).append("</td><td class=\"wrap\">");
                b.append(escape(String.join(", ", e.details().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(d -> d.getKey() + " " + d.getValue()).toList())));
                b.append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        b.append("</section>\n");
        return page("CloudPayments · " + s.orgId() + " · organization settings", s.csrf(), b.toString(), scriptNonce);
    }

    private static String action(final String action) {
        return switch (action) {
            case "connection.connected" -> "Connected";
            case "connection.replaced" -> "Connection replaced";
            case "connection.refused" -> "Save refused, nothing changed";
            case "connection.checked" -> "Checked with CloudPayments";
            case "connection.mode" -> "Mode changed";
            case "connection.disconnected" -> "Disconnected";
            case "connection.previous-secret-ended" -> "Previous secret ended";
            case "key.created" -> "API key created";
            case "key.revoked" -> "API key revoked";
            default -> action;
        };
    }

    private static void fact(final StringBuilder b, final String name, final String value) {
        b.append("<dt>").append(escape(name)).append("</dt><dd>").append(escape(value)).append("</dd>");
    }

    private static void csrf(final StringBuilder b, final String token) {
        b.append("<input type=\"hidden\" name=\"csrf\" value=\"").append(escape(token)).append("\">");
    }

    private static void input(final StringBuilder b, final String name, final String label, final String type, final String value) {
        b.append("<label for=\"").append(name).append("\">").append(escape(label)).append("</label><input type=\"").append(type)
                .append("\" id=\"").append(name).append("\" name=\"").append(name).append("\"");
        if (value != null) {
            b.append(" value=\"").append(escape(value)).append("\"");
        }
        b.append(type.equals("password") ? " autocomplete=\"off\">" : ">");
    }
}
