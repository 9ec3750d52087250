package ledger.gateway.http;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import ledger.events.NotificationKind;
import ledger.events.OrgMode;
import ledger.events.PaymentEvent;
import ledger.gateway.notification.BodyShape;
import ledger.gateway.notification.CheckDecision;
import ledger.gateway.notification.NotificationForm;
import ledger.gateway.notification.NotificationMapper;
import ledger.gateway.notification.Signature;
import ledger.gateway.notification.TopUpPolicy;
import ledger.gateway.organizations.Activity;
import ledger.gateway.organizations.Integration;
import ledger.gateway.organizations.Integrations;
import ledger.gateway.publish.PaymentPublisher;
import ledger.gateway.publish.PublishFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * {@code POST|GET /cloudpayments/{orgId}/{type}}: one CloudPayments notification in, one durable payment event
 * out. The type comes from the URL. The signature is checked over the exact bytes received, before anything
 * is parsed. {@code {"code":0}} is answered only after Kafka acknowledged the event; any failure answers an
 * HTTP error, so CloudPayments retries and nothing it was told is accepted is ever lost.
 *
 * <p>Every event is stamped with the organization's mode at receipt ({@code orgMode}), and a Check with the code
 * it was answered ({@code checkCode}), so the ledger can tell what the gateway knew. A test-mode payment for an
 * organization in LIVE mode is declined at its Check; its Pay, Confirm and the rest are still answered
 * {@code {"code":0}} once Kafka has them (refusing would only make CloudPayments send them a hundred times
 * more) and the ledger credits nothing for them.
 *
 * <p>Because the URL is not signed, the body is also checked against the URL's type ({@link BodyShape}): a Check
 * carrying another type's fields is declined (13); any other type is recorded with {@code bodyMismatch} set and
 * answered {@code {"code":0}} like the rest, so the ledger refuses it as a conflict an operator sees, and it is
 * counted as outcome {@code mismatch}.
 */
public final class WebhookHandler {

    /** CloudPayments' bodies are small; anything larger is refused before it is read into memory twice. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** MDC key: the organization of the webhook URL (validated: letters, digits, '_' and '-'). */
    public static final String MDC_ORG_ID = "orgId";
    /** MDC key: the notification type from the URL, as the {@link NotificationKind} name (PAY, CHECK...). */
    public static final String MDC_KIND = "kind";
    /** MDC key: the TransactionId the body claims (digits only; set before the signature is checked). */
    public static final String MDC_TRANSACTION_ID = "transactionId";

    private static final Logger log = LoggerFactory.getLogger(WebhookHandler.class);

    private final Integrations integrations;
    private final PaymentPublisher publisher;
    private final Activity activity;
    private final Clock clock;
    private final Duration publishTimeout;
    private final MeterRegistry metrics;
    private final Counter signatureFailures;
    private final Timer publishLatency;

    public WebhookHandler(final Integrations integrations, final PaymentPublisher publisher, final Activity activity,
                          final Clock clock, final Duration publishTimeout, final MeterRegistry metrics) {
        this.integrations = integrations;
        this.publisher = publisher;
        this.activity = activity;
        this.clock = clock;
        this.publishTimeout = publishTimeout;
        this.metrics = metrics;
        this.signatureFailures = Counter.builder("gateway_signature_failures").description("Webhooks refused for a missing or wrong signature").register(metrics);
        this.publishLatency = Timer.builder("gateway_publish_latency").description("Time from send to Kafka acknowledgement")
                .publishPercentiles(0.5, 0.99).register(metrics);
    }

    /**
     * Handles one notification with the request's {@link #MDC_ORG_ID}, {@link #MDC_KIND} and
     * {@link #MDC_TRANSACTION_ID} in the logging MDC, as far as they are known; they are removed before the
     * request thread is given back. Neither the secret nor the body is ever logged.
     */
    public void handle(final Context ctx) {
        try {
            handleWithMdc(ctx);
        } finally {
            MDC.remove(MDC_ORG_ID);
            MDC.remove(MDC_KIND);
            MDC.remove(MDC_TRANSACTION_ID);
        }
    }

    private void handleWithMdc(final Context ctx) {
        final Instant receivedAt = clock.instant();
        final NotificationKind kind = kind(ctx.pathParam("type"));
        MDC.put(MDC_KIND, kind.name());
        final String orgId = OrgIds.from(ctx);
        MDC.put(MDC_ORG_ID, orgId);
        final Integration integration = integrations.find(orgId)
                .orElseThrow(() -> new WebhookError(kind, HttpStatus.NOT_FOUND, 13, "organization " + orgId + " is not connected to CloudPayments"));

        final byte[] signed = signedBytes(ctx);
        final String claimedTransactionId = transactionIdForLog(signed);
        if (!"?".equals(claimedTransactionId)) {
            MDC.put(MDC_TRANSACTION_ID, claimedTransactionId);
        }
        final List<String> secrets = integrations.webhookSecrets(orgId);
        final Signature.Outcome signature = secrets.isEmpty() ? Signature.Outcome.MISMATCH
                : Signature.verify(signed, ctx::header, secrets);
        if (!signature.isValid()) {
            signatureFailures.increment();
            log.warn("refused {} webhook for org {}: signature {} (TransactionId {})", kind, orgId, signature, claimedTransactionId);
            throw new WebhookError(kind, HttpStatus.UNAUTHORIZED, 13, "signature missing or invalid");
        }

        final Charset charset = charset(integration);
        final NotificationForm.Result parsed = parse(ctx, signed, charset);
        if (parsed instanceof NotificationForm.Malformed malformed) {
            throw new WebhookError(kind, HttpStatus.BAD_REQUEST, 13, "malformed body: " + malformed);
        }
        final NotificationForm form = ((NotificationForm.Parsed) parsed).form();
        final NotificationMapper.Result mapped = NotificationMapper.map(orgId, kind, form, receivedAt);
        if (mapped instanceof NotificationMapper.Rejected rejected) {
            log.warn("refused {} webhook for org {} (TransactionId {}): {}", kind, orgId, form.value("TransactionId").orElse("?"), rejected.message());
            throw new WebhookError(kind, HttpStatus.BAD_REQUEST, checkCodeFor(rejected), rejected.message(), rejected.errors().get(0).field());
        }
        final OrgMode mode = integration.mode();
        final String bodyMismatch = BodyShape.mismatch(kind, form).orElse(null);
        final PaymentEvent.Builder stamped = PaymentEvent.newBuilder(((NotificationMapper.Mapped) mapped).event())
                .setOrgMode(mode).setBodyMismatch(bodyMismatch);
        PaymentEvent event = stamped.build();
        if (event.getTransactionId() != null) {
            MDC.put(MDC_TRANSACTION_ID, event.getTransactionId().toString());
        }
        if (bodyMismatch != null) {
            // Field names only: never the body, which holds personal data.
            log.warn("{} webhook for org {} (TransactionId {}) does not look like its URL's type: {}; {}", kind, orgId,
                    event.getTransactionId(), bodyMismatch,
                    kind == NotificationKind.CHECK ? "declined" : "recorded with bodyMismatch for the ledger to refuse");
        }
        final boolean testMode = Boolean.TRUE.equals(event.getTestMode());
        // A body of another type says nothing about live payments.
        final boolean livePayment = bodyMismatch == null && Boolean.FALSE.equals(event.getTestMode())
                && (kind == NotificationKind.CHECK || kind == NotificationKind.PAY || kind == NotificationKind.CONFIRM);
        activity.record(orgId, receivedAt, testMode, livePayment && mode == OrgMode.TEST, integration.modeChangedAt());
        if (livePayment && mode == OrgMode.TEST) {
            log.warn("live {} {} for org {} while its mode is TEST: accepted; the admin should switch it to LIVE",
                    kind, event.getTransactionId(), orgId);
        } else if (testMode && mode == OrgMode.LIVE) {
            log.warn("test-mode {} {} for org {} while its mode is LIVE: {}", kind, event.getTransactionId(), orgId,
                    kind == NotificationKind.CHECK ? "declined" : "recorded for the ledger, which credits no test money to a live organization");
        }

        if (kind == NotificationKind.CHECK) {
            final CheckDecision decision = CheckDecision.decide(event, new TopUpPolicy(integration.enabled(), integration.currency(),
                    integration.minTopUpMinor(), integration.maxTopUpMinor(), mode));
            event = stamped.setCheckCode(decision.code()).build();
            publisher.publishAsync(event);
            count(kind, bodyMismatch != null ? "mismatch" : decision == CheckDecision.ACCEPT ? "accepted" : "declined");
            ctx.json(Map.of("code", decision.code()));
            return;
        }
        final Timer.Sample sample = Timer.start(metrics);
        try {
            publisher.publish(event, publishTimeout);
        } catch (final PublishFailedException e) {
            log.error("could not make {} durable; answering an error so CloudPayments retries: {}", event.getEventId(), e.getMessage());
            count(kind, "unavailable");
            throw new WebhookError(kind, HttpStatus.SERVICE_UNAVAILABLE, 13, "temporarily unable to record the notification; retry");
        } finally {
            sample.stop(publishLatency);
        }
        log.info("accepted {} (transaction {}, amount {} {}, test {}, org mode {})", event.getEventId(), event.getTransactionId(),
                event.getAmountMinor(), event.getCurrency(), event.getTestMode(), mode);
        count(kind, bodyMismatch != null ? "mismatch" : "accepted");
        ctx.json(Map.of("code", 0));
    }

    void count(final NotificationKind kind, final String outcome) {
        metrics.counter("gateway_webhooks", "type", kind.name().toLowerCase(Locale.ROOT), "outcome", outcome).increment();
    }

    private static NotificationKind kind(final String type) {
        try {
            return NotificationKind.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (final IllegalArgumentException e) {
            throw new ApiError(HttpStatus.NOT_FOUND, "unknown notification type '" + type + "'; expected one of check, pay, fail, confirm, refund, recurrent, cancel", "type");
        }
    }

    /** POST signs the raw body; GET signs the raw (still encoded) query string. */
    private static byte[] signedBytes(final Context ctx) {
        if ("GET".equals(ctx.method().name())) {
            final String query = ctx.queryString();
            return query == null ? new byte[0] : query.getBytes(StandardCharsets.US_ASCII);
        }
        final long declared = ctx.contentLength();
        if (declared > MAX_BODY_BYTES) {
            throw new ApiError(HttpStatus.CONTENT_TOO_LARGE, "body larger than " + MAX_BODY_BYTES + " bytes");
        }
        final byte[] body = ctx.bodyAsBytes();
        if (body.length > MAX_BODY_BYTES) {
            throw new ApiError(HttpStatus.CONTENT_TOO_LARGE, "body larger than " + MAX_BODY_BYTES + " bytes");
        }
        return body;
    }

    private static NotificationForm.Result parse(final Context ctx, final byte[] signed, final Charset charset) {
        if ("GET".equals(ctx.method().name())) {
            return NotificationForm.parseQueryString(new String(signed, StandardCharsets.US_ASCII), charset);
        }
        return NotificationForm.parse(signed, ctx.contentType(), charset);
    }

    private static Charset charset(final Integration integration) {
        final String name = Optional.ofNullable(integration.charset()).orElse("UTF-8");
        return "windows-1251".equalsIgnoreCase(name) || "Windows1251".equalsIgnoreCase(name) ? Charset.forName("windows-1251") : StandardCharsets.UTF_8;
    }

    /** The decline code a malformed Check gets: 11 for the account, 12 for the money, 13 for anything else. */
    private static int checkCodeFor(final NotificationMapper.Rejected rejected) {
        final String field = rejected.errors().get(0).field();
        return switch (field) {
            case "AccountId" -> 11;
            case "Amount", "Currency", "PaymentAmount", "PaymentCurrency" -> 12;
            default -> 13;
        };
    }

    /**
     * Best effort, for log lines written before the body is parsed (a refused signature): the digits of the
     * {@code TransactionId} parameter of a form body or query string, or of the {@code "TransactionId"} member of
     * a JSON body, within the first 4 KiB. Never fails, never returns more than 20 digits, "?" when not found.
     * {@code PaymentTransactionId} and other names merely ending in TransactionId are not mistaken for it.
     */
    static String transactionIdForLog(final byte[] signed) {
        final int limit = Math.min(signed.length, 4096);
        for (int at = indexOf(signed, 0, limit); at >= 0; at = indexOf(signed, at + 1, limit)) {
            final int before = at - 1;
            int start = at + TRANSACTION_ID.length;
            final boolean formParameter = (before < 0 || signed[before] == '&') && start < limit && signed[start] == '=';
            final boolean jsonMember = before >= 0 && signed[before] == '"' && start < limit && signed[start] == '"';
            if (!formParameter && !jsonMember) {
                continue;
            }
            start++;
            if (jsonMember) {
                while (start < limit && (signed[start] == ' ' || signed[start] == ':' || signed[start] == '"')) {
                    start++;
                }
            }
            int end = start;
            while (end < limit && end - start < 20 && signed[end] >= '0' && signed[end] <= '9') {
                end++;
            }
            return end > start ? new String(signed, start, end - start, StandardCharsets.US_ASCII) : "?";
        }
        return "?";
    }

    private static final byte[] TRANSACTION_ID = "TransactionId".getBytes(StandardCharsets.US_ASCII);

    private static int indexOf(final byte[] bytes, final int from, final int limit) {
        outer:
        for (int i = from; i <= limit - TRANSACTION_ID.length; i++) {
            for (int j = 0; j < TRANSACTION_ID.length; j++) {
                if (bytes[i + j] != TRANSACTION_ID[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
