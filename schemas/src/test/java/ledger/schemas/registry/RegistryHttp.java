package ledger.schemas.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A plain HTTP client for tests: what any Confluent client sends, with no knowledge of our code. */
final class RegistryHttp {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    static final ObjectMapper JSON = new ObjectMapper();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;

    RegistryHttp(final String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** One HTTP answer, with helpers to read it as Confluent's clients would. */
    record Reply(int status, String contentType, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (final IOException e) {
                throw new AssertionError("reply is not JSON: " + body, e);
            }
        }

        int errorCode() {
            return json().path("error_code").asInt(-1);
        }

        int id() {
            return json().path("id").asInt(-1);
        }
    }

    /** The register/lookup body {@code {"schema": "<schema as a string>"}}. */
    static String schemaBody(final String schema) {
        return JSON.createObjectNode().put("schema", schema).toString();
    }

    Reply get(final String path) {
        return send(request(path).GET());
    }

    Reply post(final String path, final String body) {
        return post(path, body, CONTENT_TYPE);
    }

    Reply post(final String path, final String body, final String contentType) {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply put(final String path, final String body) {
        return send(request(path).header("Content-Type", CONTENT_TYPE).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply delete(final String path) {
        return send(request(path).DELETE());
    }

    /** Registers {@code schema} under {@code subject}, failing the test if the registry refuses; returns the id. */
    int register(final String subject, final String schema) {
        final Reply reply = post("/subjects/" + subject + "/versions", schemaBody(schema));
        if (reply.status() != 200) {
            throw new AssertionError("register under " + subject + " answered " + reply);
        }
        return reply.id();
    }

    private HttpRequest.Builder request(final String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(20))
                .header("Accept", CONTENT_TYPE);
    }

    private static Reply send(final HttpRequest.Builder request) {
        try {
            final HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
