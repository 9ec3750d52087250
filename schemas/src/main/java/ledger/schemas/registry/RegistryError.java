package ledger.schemas.registry;

import java.util.List;

/**
 * A request the registry refuses, with the HTTP status and the {@code error_code} Confluent's registry
 * answers in the same situation, so standard clients react to it as they would to Confluent's.
 *
 * <p>Thrown by {@link SchemaRegistry} and {@link SchemaStore}, turned into
 * {@code {"error_code": n, "message": "..."}} once, by {@link SchemaRegistryRoutes}.
 */
final class RegistryError extends RuntimeException {

    private final int httpStatus;
    private final int errorCode;

    private RegistryError(final int httpStatus, final int errorCode, final String message) {
        // An expected answer to a client, not a failure of ours: no stack trace to fill in.
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    private RegistryError(final int httpStatus, final int errorCode, final String message, final Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    int httpStatus() {
        return httpStatus;
    }

    int errorCode() {
        return errorCode;
    }

    static RegistryError badRequest(final String message) {
        return new RegistryError(400, 400, message);
    }

    static RegistryError subjectNotFound(final String subject) {
        return new RegistryError(404, 40401, "Subject '" + subject + "' not found.");
    }

    static RegistryError versionNotFound(final int version) {
        return new RegistryError(404, 40402, "Version " + version + " not found.");
    }

    static RegistryError schemaNotFound() {
        return new RegistryError(404, 40403, "Schema not found");
    }

    static RegistryError schemaIdNotFound(final int id) {
        return new RegistryError(404, 40403, "Schema " + id + " not found");
    }

    static RegistryError subjectSoftDeleted(final String subject) {
        return new RegistryError(404, 40404,
                "Subject '" + subject + "' was soft deleted. Set permanent=true to delete permanently");
    }

    static RegistryError subjectNotSoftDeleted(final String subject) {
        return new RegistryError(404, 40405,
                "Subject '" + subject + "' was not deleted first before being permanently deleted");
    }

    static RegistryError versionSoftDeleted(final String subject, final int version) {
        return new RegistryError(404, 40406, "Subject '" + subject + "' Version " + version
                + " was soft deleted. Set permanent=true to delete permanently");
    }

    static RegistryError versionNotSoftDeleted(final String subject, final int version) {
        return new RegistryError(404, 40407, "Subject '" + subject + "' Version " + version
                + " was not deleted first before being permanently deleted");
    }

    static RegistryError subjectConfigNotFound(final String subject) {
        return new RegistryError(404, 40408,
                "Subject '" + subject + "' does not have subject-level compatibility configured");
    }

    static RegistryError incompatible(final String subject, final List<String> problems) {
        return new RegistryError(409, 409, "Schema being registered is incompatible with an earlier schema for subject \""
                + subject + "\", details: " + problems);
    }

    static RegistryError invalidSchema(final String detail) {
        return new RegistryError(422, 42201, "Invalid schema: " + detail);
    }

    static RegistryError invalidVersion(final String version) {
        return new RegistryError(422, 42202, "The specified version '" + version + "' is not a valid version id. "
                + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    static RegistryError invalidCompatibilityLevel(final String level) {
        return new RegistryError(422, 42203, "Invalid compatibility level '" + level + "'. Valid values are none, "
                + "backward, forward, full, backward_transitive, forward_transitive, and full_transitive");
    }

    static RegistryError storeError(final String message, final Throwable cause) {
        return new RegistryError(500, 50001, "Error in the backend data store: " + message, cause);
    }

    static RegistryError timeout(final String message) {
        return new RegistryError(500, 50002, "Operation timed out: " + message);
    }
}
