package ledger.gateway.http;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import ledger.events.NotificationKind;
import ledger.events.OrgMode;
import ledger.gateway.organizations.Activity;
import ledger.gateway.organizations.ConnectionChanges;
import ledger.gateway.organizations.ConnectionStatus;
import ledger.gateway.organizations.Integration;
import ledger.gateway.organizations.Integrations;
import ledger.platform.access.HttpAccess;

/**
 * {@code PUT|GET|DELETE /orgs/{orgId}/integrations/cloudpayments}: connect an organization's CloudPayments account
 * (verified with CloudPayments before anything is replaced), show its status and the webhook URLs to paste into
 * CloudPayments, and disconnect. {@code POST .../cloudpayments/verify} checks the stored credentials again;
 * {@code PUT .../cloudpayments/mode} sets the organization's TEST or LIVE mode; {@code DELETE
 * .../cloudpayments/previous-secret} ends a secret rotation at once. {@code GET /orgs/{orgId}/payment-settings} is what
 * the mobile app needs to open the CloudPayments widget, without a credential. Who may call what is decided before
 * these handlers run ({@link ledger.platform.access.HttpAccess}); every change is recorded in the audit log with who
 * made it. The API Secret is accepted, never returned, never logged.
 */
public final class IntegrationHandlers {

    /** Shown while an organization in TEST mode receives live payments. */
    public static final String LIVE_PAYMENT_IN_TEST_MODE = "live payment seen while in test mode";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Integrations integrations;
    private final ConnectionChanges changes;
    private final Activity activity;
    private final String publicUrl;

    public IntegrationHandlers(final Integrations integrations, final ConnectionChanges changes, final Activity activity, final String publicUrl) {
        this.integrations = integrations;
        this.changes = changes;
        this.activity = activity;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /**
     * Connects or replaces: 200 with the connection when CloudPayments accepted the credentials (or, with
     * {@code "force": true}, when it could not be reached: status UNVERIFIED); 422 when it refused them and 503 when it
     * could not be reached, and then the connection that was there is exactly as it was.
     */
    public void put(final Context ctx) {
        final String orgId = OrgIds.from(ctx);
        final JsonNode body = jsonObject(ctx, new ApiError(HttpStatus.BAD_REQUEST, "body must be a JSON object"));
        final Integrations.ConnectRequest request = connectRequest(body);
        final boolean force = body.has("force") && body.get("force").asBoolean(false);
        final ConnectionChanges.Save save = changes.save(orgId, HttpAccess.actor(ctx), request, force);
        if (save instanceof ConnectionChanges.Refused refused) {
            final Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", refused.message());
            error.put("status", refused.answer().name());
            error.put("current", refused.kept().map(this::view).orElse(null));
            ctx.status(refused.answer() == ConnectionStatus.INVALID_CREDENTIALS ? HttpStatus.UNPROCESSABLE_CONTENT : HttpStatus.SERVICE_UNAVAILABLE)
                    .json(error);
            return;
        }
        ctx.json(view(((ConnectionChanges.Stored) save).integration()));
    }

    /** Checks the stored credentials with CloudPayments now; 503 when it could not be reached. */
    public void verify(final Context ctx) {
        final String orgId = OrgIds.from(ctx);
        final Integrations.Checked checked = changes.check(orgId, HttpAccess.actor(ctx)).orElseThrow(() -> notConnected(orgId));
        if (checked.answer() == ConnectionStatus.UNREACHABLE) {
            final Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", "CloudPayments could not be reached; the connection is unchanged");
            error.put("status", ConnectionStatus.UNREACHABLE.name());
            error.put("current", view(checked.integration()));
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(error);
            return;
        }
        ctx.json(view(checked.integration()));
    }

    /**
     * What the mobile app needs to open the CloudPayments widget for this organization: public, no credential, never
     * the secret. 404 when the organization has no connection.
     */
    public void paymentSettings(final Context ctx) {
        final String orgId = OrgIds.from(ctx);
        final Integration i = integrations.find(orgId).orElseThrow(() -> notConnected(orgId));
        final int digits = Currency.getInstance(i.currency()).getDefaultFractionDigits();
        final Map<String, Object> view = new LinkedHashMap<>();
        view.put("orgId", orgId);
        view.put("publicId", i.publicId());
        view.put("currency", i.currency());
        view.put("minTopUp", BigDecimal.valueOf(i.minTopUpMinor(), digits).toPlainString());
        view.put("maxTopUp", BigDecimal.valueOf(i.maxTopUpMinor(), digits).toPlainString());
        view.put("mode", i.mode().name());
        view.put("enabled", i.enabled() && i.status() != ConnectionStatus.INVALID_CREDENTIALS);
        ctx.header("Cache-Control", "public, max-age=60").json(view);
    }

    private Integrations.ConnectRequest connectRequest(final JsonNode body) {
        final JsonNode min = body.get("minTopUp");
        final JsonNode max = body.get("maxTopUp");
        return connectRequest(text(body, "publicId", true), text(body, "apiSecret", true),
                body.hasNonNull("currency") ? text(body, "currency", true) : null,
                min == null || min.isNull() ? null : min.asText(), max == null || max.isNull() ? null : max.asText(),
                !body.has("enabled") || body.get("enabled").asBoolean(true),
                body.hasNonNull("charset") ? text(body, "charset", true) : null,
                body.hasNonNull("mode") ? mode(body) : null);
    }

    /**
     * A connect request from its fields as typed (the JSON body's, or the admin page's form), checked the same way
     * for both; a null currency, amount or charset takes its default (RUB, 1 and 100000, UTF-8).
     *
     * @throws ApiError 400 naming the field that is wrong
     */
    static Integrations.ConnectRequest connectRequest(final String publicId, final String apiSecret, final String currencyOrNull,
                                                      final String minTopUpOrNull, final String maxTopUpOrNull, final boolean enabled,
                                                      final String charsetOrNull, final OrgMode mode) {
        if (publicId.length() > 64) {
            throw new ApiError(HttpStatus.BAD_REQUEST, "publicId is too long", "publicId");
        }
        if (apiSecret.length() > 256) {
            throw new ApiError(HttpStatus.BAD_REQUEST, "apiSecret is too long", "apiSecret");
        }
        final String currency = currencyOrNull != null ? currencyOrNull.toUpperCase(Locale.ROOT) : "RUB";
        final int digits;
        try {
            digits = Currency.getInstance(currency).getDefaultFractionDigits();
        } catch (final IllegalArgumentException e) {
            throw new ApiError(HttpStatus.BAD_REQUEST, "currency must be an ISO 4217 code, got '" + currency + "'", "currency");
        }
        final long min = amount(minTopUpOrNull, "minTopUp", digits, BigDecimal.ONE);
        final long max = amount(maxTopUpOrNull, "maxTopUp", digits, new BigDecimal("100000"));
        if (min <= 0 || min > max) {
            throw new ApiError(HttpStatus.BAD_REQUEST, "need 0 < minTopUp <= maxTopUp", "minTopUp");
        }
        final String charset = charsetOrNull != null ? charsetOrNull : "UTF-8";
        if (!charset.equalsIgnoreCase("UTF-8") && !charset.equalsIgnoreCase("UTF8") && !charset.equalsIgnoreCase("windows-1251") && !charset.equalsIgnoreCase("Windows1251")) {
            throw new ApiError(HttpStatus.BAD_REQUEST, "charset must be UTF-8 or windows-1251", "charset");
        }
        return new Integrations.ConnectRequest(publicId, apiSecret, currency, min, max, enabled, charset, mode);
    }

    static ApiError notConnected(final String orgId) {
        return new ApiError(HttpStatus.NOT_FOUND, "organization " + orgId + " has no CloudPayments integration");
    }

    /** The request body as a JSON object, or {@code notAnObject} thrown when it is not one. */
    private static JsonNode jsonObject(final Context ctx, final ApiError notAnObject) {
        final JsonNode body;
        try {
            body = JSON.readTree(ctx.body());
        } catch (final Exception e) {
            throw notAnObject;
        }
        if (body == null || !body.isObject()) {
            throw notAnObject;
        }
        return body;
    }

    /** Sets TEST or LIVE mode: {@code {"mode":"LIVE"}}. */
    public void putMode(final Context ctx) {
        final String orgId = OrgIds.from(ctx);
        final JsonNode body = jsonObject(ctx, new ApiError(HttpStatus.BAD_REQUEST,
                "body must be a JSON object: {\"mode\":\"TEST\"} or {\"mode\":\"LIVE\"}", "mode"));
        final OrgMode mode = mode(body);
        final Integration saved = changes.setMode(orgId, HttpAccess.actor(ctx), mode).orElseThrow(() -> notConnected(orgId));
        ctx.json(view(saved));
    }

    public void get(final Context ctx) {
        final String orgId = OrgIds.from(ctx);
        ctx.json(view(integrations.find(orgId).orElseThrow(() -> notConnected(orgId))));
    }

    public void delete(final Context ctx) {
        final String orgId = OrgIds.from(ctx);
        if (!changes.disconnect(orgId, HttpAccess.actor(ctx))) {
            throw notConnected(orgId);
        }
        ctx.status(HttpStatus.NO_CONTENT);
    }

    /** Ends the secret rotation: the previous secret stops verifying webhooks now instead of at the window's end. */
    public void endPreviousSecret(final Context ctx) {
        final String orgId = OrgIds.from(ctx);
        if (integrations.find(orgId).isEmpty()) {
            throw notConnected(orgId);
        }
        final Integration ended = changes.endPreviousSecret(orgId, HttpAccess.actor(ctx))
                .orElseThrow(() -> new ApiError(HttpStatus.NOT_FOUND, "organization " + orgId + " has no previous API secret that is still accepted"));
        ctx.json(view(ended));
    }

    /** The connection as its admin sees it (JSON and the admin page): never the secret. */
    public Map<String, Object> view(final Integration i) {
        final Map<String, Object> view = new LinkedHashMap<>();
        view.put("orgId", i.orgId());
        view.put("status", i.status().name());
        view.put("publicId", i.publicId());
        view.put("mode", i.mode().name());
        view.put("modeChangedAt", i.modeChangedAt() == null ? null : i.modeChangedAt().toString());
        final Optional<Activity.Last> last = activity.last(i.orgId());
        view.put("lastNotification", last.map(l -> {
            final Map<String, Object> notification = new LinkedHashMap<>();
            notification.put("at", l.at().toString());
            notification.put("testMode", l.testMode());
            return notification;
        }).orElse(null));
        final Optional<Instant> livePayment = i.livePaymentToWarnAbout(last.map(Activity.Last::livePaymentInTestModeAt).orElse(null));
        view.put("livePaymentSeenInTestModeAt", livePayment.map(Object::toString).orElse(null));
        final List<String> warnings = new ArrayList<>();
        livePayment.ifPresent(at -> warnings.add(LIVE_PAYMENT_IN_TEST_MODE));
        view.put("warnings", warnings);
        view.put("currency", i.currency());
        final int digits = Currency.getInstance(i.currency()).getDefaultFractionDigits();
        view.put("minTopUp", BigDecimal.valueOf(i.minTopUpMinor(), digits).toPlainString());
        view.put("maxTopUp", BigDecimal.valueOf(i.maxTopUpMinor(), digits).toPlainString());
        view.put("enabled", i.enabled());
        view.put("charset", i.charset());
        final Integrations.PreviousSecret previousSecret = integrations.previousSecret(i);
        final Map<String, Object> previous = new LinkedHashMap<>();
        previous.put("accepted", previousSecret.accepted());
        previous.put("until", previousSecret.until() == null ? null : previousSecret.until().toString());
        view.put("previousSecret", previous);
        view.put("connectedAt", i.connectedAt().toString());
        view.put("verifiedAt", i.verifiedAt().toString());
        final Map<String, Object> lastCheck = new LinkedHashMap<>();
        lastCheck.put("at", i.checkedAt() == null ? i.verifiedAt().toString() : i.checkedAt().toString());
        lastCheck.put("answer", i.checkResult() == null ? i.status().name() : i.checkResult().name());
        view.put("lastCheck", lastCheck);
        view.put("webhookUrls", webhookUrls(i.orgId()));
        return view;
    }

    /** The URLs to paste into CloudPayments' dashboard, one per notification type; known before the organization connects. */
    public Map<String, String> webhookUrls(final String orgId) {
        final Map<String, String> urls = new LinkedHashMap<>();
        for (final NotificationKind kind : NotificationKind.values()) {
            final String type = kind.name().toLowerCase(Locale.ROOT);
            urls.put(type, publicUrl + "/cloudpayments/" + orgId + "/" + type);
        }
        return urls;
    }

    /** The {@code mode} member: exactly "TEST" or "LIVE". */
    private static OrgMode mode(final JsonNode body) {
        final JsonNode node = body.get("mode");
        if (node != null && node.isTextual()) {
            for (final OrgMode mode : OrgMode.values()) {
                if (mode.name().equals(node.asText())) {
                    return mode;
                }
            }
        }
        throw new ApiError(HttpStatus.BAD_REQUEST, "mode must be \"TEST\" or \"LIVE\"", "mode");
    }

    private static String text(final JsonNode body, final String field, final boolean required) {
        final JsonNode node = body.get(field);
        if (node == null || node.isNull() || !node.isTextual() || node.asText().isBlank()) {
            if (required) {
                throw new ApiError(HttpStatus.BAD_REQUEST, field + " is required (a non-empty string)", field);
            }
            return null;
        }
        return node.asText().trim();
    }

    /** Reads a decimal amount such as {@code "100.00"} exactly into minor units; null is {@code defaultValue}. */
    private static long amount(final String text, final String field, final int digits, final BigDecimal defaultValue) {
        final BigDecimal value;
        try {
            value = text == null ? defaultValue : new BigDecimal(text);
        } catch (final NumberFormatException e) {
            throw new ApiError(HttpStatus.BAD_REQUEST, field + " must be a decimal amount such as \"100.00\"", field);
        }
        try {
            return value.movePointRight(digits).longValueExact();
        } catch (final ArithmeticException e) {
            throw new ApiError(HttpStatus.BAD_REQUEST, field + " has more decimals than the currency allows, or is too large", field);
        }
    }
}
