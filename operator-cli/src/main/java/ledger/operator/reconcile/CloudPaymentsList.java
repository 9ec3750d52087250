package ledger.operator.reconcile;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.operator.OpsException;
import ledger.operator.Progress;

/**
 * CloudPayments' {@code POST /v2/payments/list}: the transactions created in a time window, 100 per page, oldest
 * first, with HTTP Basic (Public ID / API Secret). The base URL is configuration ({@code CLOUDPAYMENTS_API_URL}).
 * Amounts come as JSON numbers and are read exactly (as decimals, never doubles).
 */
public final class CloudPaymentsList {

    /** CloudPayments' page size. */
    public static final int PAGE_SIZE = 100;
    private static final int MAX_PAGES = 100_000;
    private static final Pattern DOTNET_DATE = Pattern.compile("/Date\\((-?\\d+)\\)/");
    private static final DateTimeFormatter ISO_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public CloudPaymentsList(final String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /**
     * One transaction as listed. {@code type} is 0 for a payment, 1 for a refund, 2 for a card payout.
     */
    public record Transaction(long transactionId, BigDecimal amount, String currency, BigDecimal paymentAmount, String paymentCurrency,
                              String accountId, String status, boolean testMode, Instant createdAt, int type, boolean refunded,
                              String invoiceId, String jsonData, String description, String cardFirstSix, String cardLastFour,
                              String cardType, String cardExpDate, String issuer, String issuerBankCountry, String cardProduct,
                              String gatewayName, String authCode, String rrn, BigDecimal totalFee, String reason, Integer reasonCode) {
    }

    /** Every transaction created in {@code [from, to]}, all pages. */
    public List<Transaction> list(final String publicId, final String apiSecret, final Instant from, final Instant to, final Progress progress) {
        final String basic = Base64.getEncoder().encodeToString((publicId + ":" + apiSecret).getBytes(StandardCharsets.UTF_8));
        final List<Transaction> all = new ArrayList<>();
        for (int page = 1; page <= MAX_PAGES; page++) {
            final List<Transaction> batch = page(basic, page, from, to);
            all.addAll(batch);
            progress.advance(batch.size());
            if (batch.size() < PAGE_SIZE) {
                return all;
            }
        }
        throw new OpsException("CloudPayments listed more than " + MAX_PAGES + " pages; narrow the window");
    }

    private List<Transaction> page(final String basic, final int page, final Instant from, final Instant to) {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("PageNumber", page);
        body.put("CreatedDateGte", iso(from));
        body.put("CreatedDateLte", iso(to));
        body.put("TimeZone", "UTC");
        final HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v2/payments/list"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (final IOException e) {
            throw new OpsException("cannot reach CloudPayments at " + baseUrl + " (" + e + "); is CLOUDPAYMENTS_API_URL right?", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpsException("interrupted");
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new OpsException("CloudPayments refused the organization's credentials (HTTP " + response.statusCode()
                    + "); reconnect the integration or check GATEWAY_SECRET_KEY");
        }
        if (response.statusCode() != 200) {
            throw new OpsException("CloudPayments answered HTTP " + response.statusCode() + " for page " + page);
        }
        final JsonNode json;
        try {
            json = JSON.readTree(response.body());
        } catch (final IOException e) {
            throw new OpsException("CloudPayments' answer for page " + page + " is not JSON", e);
        }
        if (!json.path("Success").asBoolean(false)) {
            throw new OpsException("CloudPayments answered Success=false for page " + page + ": " + json.path("Message").asText(""));
        }
        final List<Transaction> transactions = new ArrayList<>();
        for (final JsonNode t : json.path("Model")) {
            transactions.add(transaction(t));
        }
        return transactions;
    }

    static Transaction transaction(final JsonNode t) {
        return new Transaction(
                t.path("TransactionId").asLong(),
                decimal(t.get("Amount")),
                text(t, "Currency"),
                decimal(t.get("PaymentAmount")),
                text(t, "PaymentCurrency"),
                text(t, "AccountId"),
                text(t, "Status"),
                t.path("TestMode").asBoolean(false),
                created(t),
                t.path("Type").asInt(0),
                t.path("Refunded").asBoolean(false),
                text(t, "InvoiceId"),
                text(t, "JsonData"),
                text(t, "Description"),
                text(t, "CardFirstSix"),
                text(t, "CardLastFour"),
                text(t, "CardType"),
                text(t, "CardExpDate"),
                text(t, "Issuer"),
                text(t, "IssuerBankCountry"),
                text(t, "CardProduct"),
                text(t, "GatewayName"),
                text(t, "AuthCode"),
                text(t, "Rrn"),
                decimal(t.get("TotalFee")),
                text(t, "Reason"),
                t.hasNonNull("ReasonCode") ? t.get("ReasonCode").asInt() : null);
    }

    /** {@code CreatedDate} is {@code /Date(ms)/}; {@code CreatedDateIso} is UTC without an offset. */
    static Instant created(final JsonNode t) {
        final Matcher m = DOTNET_DATE.matcher(t.path("CreatedDate").asText(""));
        if (m.find()) {
            return Instant.ofEpochMilli(Long.parseLong(m.group(1)));
        }
        final String iso = t.path("CreatedDateIso").asText("");
        if (!iso.isEmpty()) {
            return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
        }
        throw new OpsException("CloudPayments transaction " + t.path("TransactionId").asText() + " has no CreatedDate");
    }

    private static BigDecimal decimal(final JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText());
    }

    private static String text(final JsonNode t, final String field) {
        final JsonNode n = t.get(field);
        return n == null || n.isNull() || n.asText().isEmpty() ? null : n.asText();
    }

    private static String iso(final Instant instant) {
        // As in CloudPayments' own example ("2021-03-09T00:00:00+03:00"), in UTC.
        return ISO_SECONDS.format(instant.atOffset(ZoneOffset.UTC));
    }
}
