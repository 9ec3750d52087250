package ledger.gateway.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import ledger.platform.access.ApiKey;
import ledger.platform.access.ApiKeys;
import ledger.platform.access.HttpAccess;
import ledger.platform.access.Role;
import ledger.platform.audit.AuditEntry;
import ledger.platform.audit.AuditLog;

/**
 * {@code POST|GET /orgs/{orgId}/api-keys} and {@code DELETE /orgs/{orgId}/api-keys/{id}}: the operator creates, lists
 * and revokes an organization's API keys; {@code GET /orgs/{orgId}/audit-log}: the organization's change history.
 * A new key is shown once, in the answer to its creation; lists never show it.
 */
public final class ApiKeyHandlers {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LABEL = 100;

    private final ApiKeys keys;
    private final AuditLog audit;

    public ApiKeyHandlers(final ApiKeys keys, final AuditLog audit) {
        this.keys = keys;
        this.audit = audit;
    }

    /** {@code {"role": "org-admin|finance|backend", "label": "..."}} → 201 {@code {"id", "key", "role", "orgId", ...}}. */
    public void create(final Context ctx) {
        final String orgId = OrgIds.from(ctx);
        final JsonNode body;
        try {
            body = JSON.readTree(ctx.body());
        } catch (final Exception e) {
            throw new ApiError(HttpStatus.BAD_REQUEST, "body must be a JSON object: {\"role\": \"finance\", \"label\": \"...\"}");
        }
        if (body == null || !body.isObject()) {
            throw new ApiError(HttpStatus.BAD_REQUEST, "body must be a JSON object: {\"role\": \"finance\", \"label\": \"...\"}");
        }
        final JsonNode roleNode = body.get("role");
        final Role role = (roleNode != null && roleNode.isTextual() ? Role.parse(roleNode.asText()) : java.util.Optional.<Role>empty())
                .orElseThrow(() -> new ApiError(HttpStatus.BAD_REQUEST, "role must be one of " + Role.labels(), "role"));
        final JsonNode labelNode = body.get("label");
        if (labelNode != null && !labelNode.isNull() && !labelNode.isTextual()) {
            throw new ApiError(HttpStatus.BAD_REQUEST, "label must be a string", "label");
        }
        final String label = labelNode == null || labelNode.isNull() ? "" : labelNode.asText().strip();
        if (label.length() > MAX_LABEL || label.chars().anyMatch(Character::isISOControl)) {
            throw new ApiError(HttpStatus.BAD_REQUEST, "label must be at most " + MAX_LABEL + " printable characters", "label");
        }
        final String actor = HttpAccess.actor(ctx);
        final ApiKeys.Created created = keys.create(orgId, role, label, actor);
        audit.record(orgId, actor, "key.created", Map.of("keyId", created.apiKey().id(), "role", role.label(), "label", label));
        final Map<String, Object> view = view(created.apiKey());
        view.put("key", created.key());
        ctx.status(HttpStatus.CREATED).json(view);
    }

    public void list(final Context ctx) {
        final String orgId = OrgIds.from(ctx);
        final List<Map<String, Object>> views = keys.list(orgId).stream().map(this::view).toList();
        ctx.json(Map.of("orgId", orgId, "keys", views));
    }

    public void revoke(final Context ctx) {
        final String orgId = OrgIds.from(ctx);
        final String id = ctx.pathParam("keyId");
        final String actor = HttpAccess.actor(ctx);
        final ApiKey revoked = keys.revoke(orgId, id, actor)
                .orElseThrow(() -> new ApiError(HttpStatus.NOT_FOUND, "organization " + orgId + " has no active API key " + id.replaceAll("[^0-9a-zA-Z]", "")));
        audit.record(orgId, actor, "key.revoked", Map.of("keyId", revoked.id(), "role", revoked.role().label()));
        ctx.json(view(revoked));
    }

    /** The organization's change history, newest first: {@code ?limit=} (default 100, at most 1000). */
    public void auditLog(final Context ctx) {
        final String orgId = OrgIds.from(ctx);
        final String limitParam = ctx.queryParam("limit");
        final int limit;
        try {
            limit = limitParam == null ? 100 : Integer.parseInt(limitParam);
        } catch (final NumberFormatException e) {
            throw new ApiError(HttpStatus.BAD_REQUEST, "limit must be a whole number from 1 to 1000", "limit");
        }
        if (limit < 1 || limit > 1000) {
            throw new ApiError(HttpStatus.BAD_REQUEST, "limit must be a whole number from 1 to 1000", "limit");
        }
        final List<Map<String, Object>> entries = audit.entries(orgId, limit).stream().map(ApiKeyHandlers::view).toList();
        ctx.json(Map.of("orgId", orgId, "entries", entries));
    }

    static Map<String, Object> view(final AuditEntry entry) {
        final Map<String, Object> view = new LinkedHashMap<>();
        view.put("at", entry.at().toString());
        view.put("actor", entry.actor());
        view.put("action", entry.action());
        view.put("details", entry.details());
        return view;
    }

    private Map<String, Object> view(final ApiKey key) {
        final Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", key.id());
        view.put("orgId", key.orgId());
        view.put("role", key.role().label());
        view.put("label", key.label());
        view.put("created", key.createdAt().toString());
        view.put("createdBy", key.createdBy());
        view.put("lastUsed", keys.lastUsed(key.id()).map(Object::toString).orElse(null));
        view.put("revoked", key.revokedAt() == null ? null : key.revokedAt().toString());
        return view;
    }

}
