package ledger.schemas.registry;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confluent's Schema Registry REST API over a {@link SchemaRegistry}: the paths, bodies, status codes and
 * {@code error_code}s that Confluent's clients (Java, Go, Python, Node, librdkafka-based) expect.
 *
 * <p>Handlers only parse, call the registry and reply. Every reply is JSON in
 * {@code application/vnd.schemaregistry.v1+json}, errors included ({@code {"error_code": n, "message": "..."}}),
 * never HTML or a stack trace. Request bodies are read as JSON whatever content type the client declares,
 * since clients send {@code application/vnd.schemaregistry.v1+json}, {@code application/json} or
 * {@code application/octet-stream}.
 */
final class SchemaRegistryRoutes {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaRegistry registry;

    SchemaRegistryRoutes(final SchemaRegistry registry) {
        this.registry = registry;
    }

    void install(final JavalinConfig config) {
        final RoutesConfig routes = config.routes;
        routes.get("/", ctx -> reply(ctx, Map.of()));

        routes.get("/schemas/types", ctx -> reply(ctx, List.of(RegisteredSchema.AVRO)));
        routes.get("/schemas/ids/{id}", ctx -> reply(ctx, SchemaResponse.of(registry.schemaById(id(ctx)))));
        routes.get("/schemas/ids/{id}/schema", ctx -> replyRaw(ctx, registry.schemaById(id(ctx)).schema()));
        routes.get("/schemas/ids/{id}/versions", ctx -> reply(ctx, registry.versionsUsingId(id(ctx), deleted(ctx))
                .stream().map(v -> new SubjectVersion(v.subject(), v.version())).toList()));
        routes.get("/schemas/ids/{id}/subjects", ctx -> reply(ctx, registry.versionsUsingId(id(ctx), deleted(ctx))
                .stream().map(RegisteredSchema::subject).distinct().toList()));

        routes.get("/subjects", ctx -> reply(ctx, registry.subjects(deleted(ctx))));
        routes.post("/subjects/{subject}", this::lookup);
        routes.delete("/subjects/{subject}", ctx ->
                reply(ctx, registry.deleteSubject(subject(ctx), flag(ctx, "permanent"))));
        routes.get("/subjects/{subject}/versions", ctx -> reply(ctx, registry.versions(subject(ctx), deleted(ctx))));
        routes.post("/subjects/{subject}/versions", this::register);
        routes.get("/subjects/{subject}/versions/{version}", ctx ->
                reply(ctx, VersionResponse.of(registry.version(subject(ctx), version(ctx), deleted(ctx)))));
        routes.get("/subjects/{subject}/versions/{version}/schema", ctx ->
                replyRaw(ctx, registry.version(subject(ctx), version(ctx), deleted(ctx)).schema()));
        routes.get("/subjects/{subject}/versions/{version}/referencedby", ctx -> {
            registry.version(subject(ctx), version(ctx), deleted(ctx));
            // Schema references are not supported, so nothing can refer to a version.
            reply(ctx, List.of());
        });
        routes.delete("/subjects/{subject}/versions/{version}", ctx ->
                reply(ctx, registry.deleteVersion(subject(ctx), version(ctx), flag(ctx, "permanent"))));

        routes.post("/compatibility/subjects/{subject}/versions", ctx -> {
            final SchemaRequest request = SchemaRequest.from(body(ctx));
            reply(ctx, CompatibilityResponse.of(registry.compatibilityProblems(subject(ctx), request.schema(), request.schemaType()),
                    flag(ctx, "verbose")));
        });
        routes.post("/compatibility/subjects/{subject}/versions/{version}", ctx -> {
            final SchemaRequest request = SchemaRequest.from(body(ctx));
            reply(ctx, CompatibilityResponse.of(registry.compatibilityProblems(subject(ctx), version(ctx),
                    request.schema(), request.schemaType()), flag(ctx, "verbose")));
        });

        routes.get("/config", ctx -> reply(ctx, new LevelResponse(registry.globalLevel())));
        routes.put("/config", ctx -> {
            final Compatibility level = level(ctx);
            registry.setGlobalLevel(level);
            reply(ctx, new LevelUpdate(level));
        });
        routes.delete("/config", ctx -> reply(ctx, new LevelResponse(registry.resetGlobalLevel())));
        routes.get("/config/{subject}", ctx -> {
            final String subject = subject(ctx);
            final Compatibility level = flag(ctx, "defaultToGlobal")
                    ? registry.effectiveLevel(subject)
                    : registry.subjectLevel(subject).orElseThrow(() -> RegistryError.subjectConfigNotFound(subject));
            reply(ctx, new LevelResponse(level));
        });
        routes.put("/config/{subject}", ctx -> {
            final Compatibility level = level(ctx);
            registry.setSubjectLevel(subject(ctx), level);
            reply(ctx, new LevelUpdate(level));
        });
        routes.delete("/config/{subject}", ctx -> reply(ctx, new LevelResponse(registry.removeSubjectLevel(subject(ctx)))));

        routes.exception(RegistryError.class, (e, ctx) -> error(ctx, e.httpStatus(), e.errorCode(), e.getMessage()));
        // Javalin's own refusals: unknown paths (404), methods (405), oversized bodies (413), ...
        routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getStatus(),
                "HTTP " + e.getStatus() + " " + HttpStatus.forStatus(e.getStatus()).getMessage()));
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("Unexpected failure answering {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, 50001, "Error in the schema registry: " + e.getClass().getSimpleName());
        });
    }

    private void register(final Context ctx) {
        final SchemaRequest request = SchemaRequest.from(body(ctx));
        reply(ctx, new IdResponse(registry.register(subject(ctx), request.schema(), request.schemaType())));
    }

    private void lookup(final Context ctx) {
        final SchemaRequest request = SchemaRequest.from(body(ctx));
        reply(ctx, VersionResponse.of(registry.lookup(subject(ctx), request.schema(), request.schemaType(), deleted(ctx))));
    }

    private static String subject(final Context ctx) {
        return ctx.pathParam("subject");
    }

    private static int id(final Context ctx) {
        final String id = ctx.pathParam("id");
        try {
            return Integer.parseInt(id);
        } catch (final NumberFormatException e) {
            throw RegistryError.badRequest("schema id '" + id + "' is not an integer");
        }
    }

    /** A version number, or {@link SchemaRegistry#LATEST} for {@code latest} and {@code -1}, as in Confluent. */
    private static int version(final Context ctx) {
        final String version = ctx.pathParam("version");
        if ("latest".equals(version)) {
            return SchemaRegistry.LATEST;
        }
        try {
            final int number = Integer.parseInt(version);
            if (number == SchemaRegistry.LATEST || number >= 1) {
                return number;
            }
        } catch (final NumberFormatException e) {
            // Falls through to the same answer as an out-of-range number.
        }
        throw RegistryError.invalidVersion(version);
    }

    private static boolean deleted(final Context ctx) {
        return flag(ctx, "deleted");
    }

    private static boolean flag(final Context ctx, final String name) {
        return Boolean.parseBoolean(ctx.queryParam(name));
    }

    private static Compatibility level(final Context ctx) {
        final JsonNode level = body(ctx).get("compatibility");
        final String text = level == null || level.isNull() ? null : level.asText();
        return Compatibility.parse(text).orElseThrow(() -> RegistryError.invalidCompatibilityLevel(text));
    }

    private static JsonNode body(final Context ctx) {
        final JsonNode body;
        try {
            body = JSON.readTree(ctx.body());
        } catch (final JsonProcessingException e) {
            throw RegistryError.badRequest("request body is not JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw RegistryError.badRequest("request body must be a JSON object");
        }
        return body;
    }

    private static void reply(final Context ctx, final Object body) {
        final String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("cannot write reply " + body.getClass().getSimpleName(), e);
        }
        ctx.status(200).contentType(CONTENT_TYPE).result(json);
    }

    /** The bare schema text, as Confluent's {@code .../schema} endpoints answer (it is itself JSON). */
    private static void replyRaw(final Context ctx, final String schema) {
        ctx.status(200).contentType(CONTENT_TYPE).result(schema);
    }

    private static void error(final Context ctx, final int status, final int errorCode, final String message) {
        final String json = JSON.createObjectNode().put("error_code", errorCode).put("message", message).toString();
        ctx.status(status).contentType(CONTENT_TYPE).result(json);
    }

    /** The body of register, lookup and compatibility requests. */
    private record SchemaRequest(String schema, String schemaType) {

        static SchemaRequest from(final JsonNode body) {
            final JsonNode schema = body.get("schema");
            if (schema == null || !schema.isTextual()) {
                throw RegistryError.invalidSchema("the request must carry the schema as a JSON string in \"schema\"");
            }
            final JsonNode references = body.get("references");
            if (references != null && !references.isNull() && !references.isEmpty()) {
                throw RegistryError.invalidSchema("schema references are not supported by this registry");
            }
            final JsonNode type = body.get("schemaType");
            return new SchemaRequest(schema.asText(), type == null || type.isNull() ? null : type.asText());
        }
    }

    private record IdResponse(int id) {
    }

    /** Confluent omits {@code schemaType} for Avro; clients read its absence as Avro. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record SchemaResponse(String schemaType, String schema) {

        static SchemaResponse of(final RegisteredSchema s) {
            return new SchemaResponse(s.isAvro() ? null : s.schemaType(), s.schema());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record VersionResponse(String subject, int version, int id, String schemaType, String schema) {

        static VersionResponse of(final RegisteredSchema s) {
            return new VersionResponse(s.subject(), s.version(), s.id(), s.isAvro() ? null : s.schemaType(), s.schema());
        }
    }

    private record SubjectVersion(String subject, int version) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record CompatibilityResponse(@JsonProperty("is_compatible") boolean isCompatible, List<String> messages) {

        static CompatibilityResponse of(final List<String> problems, final boolean verbose) {
            return new CompatibilityResponse(problems.isEmpty(), verbose ? problems : null);
        }
    }

    /** What GET and DELETE on {@code /config} answer. */
    private record LevelResponse(Compatibility compatibilityLevel) {
    }

    /** What PUT on {@code /config} answers: Confluent names the field differently there. */
    private record LevelUpdate(Compatibility compatibility) {
    }
}
