package ledger.schemas.serde;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;

/**
 * A client of the Confluent Schema Registry REST API ({@code application/vnd.schemaregistry.v1+json}),
 * caching every answer: ids are immutable, so each schema costs one request per process.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http;
    private final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    public HttpSchemaRegistryClient(final String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public int register(final String subject, final Schema schema) {
        return idsBySubjectAndSchema.computeIfAbsent(cacheKey(subject, schema), k -> {
            final JsonNode reply = post("/subjects/" + encode(subject) + "/versions", schemaBody(schema));
            final int id = reply.path("id").asInt(-1);
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    @Override
    public int idOf(final String subject, final Schema schema) {
        return idsBySubjectAndSchema.computeIfAbsent(cacheKey(subject, schema), k -> {
            final JsonNode reply = post("/subjects/" + encode(subject), schemaBody(schema));
            final int id = reply.path("id").asInt(-1);
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    @Override
    public Schema schemaById(final int id) {
        return schemasById.computeIfAbsent(id, i -> {
            final JsonNode reply = send(HttpRequest.newBuilder(URI.create(baseUrl + "/schemas/ids/" + i))
                    .header("Accept", CONTENT_TYPE).GET());
            return new Schema.Parser().parse(reply.path("schema").asText());
        });
    }

    private static String cacheKey(final String subject, final Schema schema) {
        return subject + '\u0000' + schema.toString();
    }

    private static String schemaBody(final Schema schema) {
        final ObjectNode body = JSON.createObjectNode();
        body.put("schema", schema.toString());
        return body.toString();
    }

    private JsonNode post(final String path, final String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", CONTENT_TYPE)
                .header("Accept", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private JsonNode send(final HttpRequest.Builder request) {
        final HttpResponse<String> response;
        try {
            response = http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (final IOException e) {
            throw new SchemaRegistryException("schema registry at " + baseUrl + " unreachable: " + e.getMessage(), e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted talking to the schema registry", e);
        }
        final JsonNode json;
        try {
            json = JSON.readTree(response.body());
        } catch (final IOException e) {
            throw new SchemaRegistryException(response.statusCode(), "schema registry answered HTTP " + response.statusCode() + " with a non-JSON body");
        }
        if (response.statusCode() / 100 != 2) {
            throw new SchemaRegistryException(json.path("error_code").asInt(response.statusCode()),
                    "schema registry: " + json.path("message").asText("HTTP " + response.statusCode()));
        }
        return json;
    }

    private static String encode(final String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
