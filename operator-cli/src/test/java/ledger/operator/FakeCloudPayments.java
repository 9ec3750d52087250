package ledger.operator;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;

/**
 * A local stand-in for CloudPayments' {@code POST /v2/payments/list}: HTTP Basic with one organization's credentials,
 * {@code CreatedDateGte}/{@code CreatedDateLte} filtering, oldest first, 100 per page, numbers as JSON numbers.
 */
final class FakeCloudPayments implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String publicId;
    private final String secret;
    private final List<Map<String, Object>> transactions = new CopyOnWriteArrayList<>();
    final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final Javalin http;

    FakeCloudPayments(final String publicId, final String secret) {
        this.publicId = publicId;
        this.secret = secret;
        http = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.post("/v2/payments/list", ctx -> {
                final String expected = "Basic " + Base64.getEncoder().encodeToString((publicId + ":" + secret).getBytes(StandardCharsets.UTF_8));
                if (!expected.equals(ctx.header("Authorization"))) {
                    ctx.status(401).result("");
                    return;
                }
                final JsonNode body = JSON.readTree(ctx.body());
                requests.add(body);
                final Instant from = OffsetDateTime.parse(body.path("CreatedDateGte").asText()).toInstant();
                final Instant to = OffsetDateTime.parse(body.path("CreatedDateLte").asText()).toInstant();
                final int page = body.path("PageNumber").asInt();
                final List<Map<String, Object>> inWindow = new ArrayList<>(transactions.stream().filter(t -> {
                    final Instant created = (Instant) t.get("_created");
                    return !created.isBefore(from) && !created.isAfter(to);
                }).toList());
                inWindow.sort(Comparator.comparing(t -> (Instant) t.get("_created")));
                final List<Map<String, Object>> model = new ArrayList<>();
                for (int i = (page - 1) * 100; i < Math.min(inWindow.size(), page * 100); i++) {
                    final Map<String, Object> t = new LinkedHashMap<>(inWindow.get(i));
                    t.remove("_created");
                    model.add(t);
                }
                final Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("Model", model);
                answer.put("Success", true);
                answer.put("Message", null);
                ctx.contentType("application/json").result(JSON.writeValueAsString(answer));
            });
        }).start("127.0.0.1", 0);
    }

    /** Adds a transaction as CloudPayments lists it. */
    void add(final long transactionId, final long amountMinor, final String accountId, final String status, final Instant created, final String club) {
        final Map<String, Object> t = new LinkedHashMap<>();
        t.put("PublicId", publicId);
        t.put("TransactionId", transactionId);
        t.put("Amount", BigDecimal.valueOf(amountMinor, 2));
        t.put("Currency", "RUB");
        t.put("PaymentAmount", BigDecimal.valueOf(amountMinor, 2));
        t.put("PaymentCurrency", "RUB");
        t.put("InvoiceId", "inv-" + transactionId);
        t.put("AccountId", accountId);
        t.put("JsonData", club == null ? null : "{\"clubId\":\"" + club + "\"}");
        t.put("CreatedDate", "/Date(" + created.toEpochMilli() + ")/");
        t.put("CreatedDateIso", created.atOffset(ZoneOffset.UTC).toLocalDateTime().toString());
        t.put("TestMode", false);
        t.put("CardFirstSix", "424242");
        t.put("CardLastFour", "4242");
        t.put("CardType", "Visa");
        t.put("Status", status);
        t.put("Type", 0);
        t.put("Refunded", false);
        t.put("GatewayName", "Tinkoff");
        t.put("TotalFee", BigDecimal.valueOf(amountMinor * 3 / 100, 2));
        t.put("_created", created);
        transactions.add(t);
    }

    String url() {
        return "http://127.0.0.1:" + http.port();
    }

    @Override
    public void close() {
        http.stop();
    }
}
