package ledger.platform.access;

import java.time.Instant;

/**
 * An organization's API key as stored: never the key itself, only its SHA-256. Revoked keys stay, with when and by
 * whom, so the list and the audit log can still name them.
 *
 * @param id         public identifier, part of the key ({@code lk_<id>_<secret>}) and shown in lists and the audit log
 * @param keyHash    hex SHA-256 of the whole key
 * @param createdBy  who created it ({@link Principal#actor()})
 * @param revokedAt  when it was revoked; null while it is valid
 */
public record ApiKey(String id, String orgId, Role role, String label, String keyHash, Instant createdAt, String createdBy,
                     Instant revokedAt, String revokedBy) {

    public boolean active() {
        return revokedAt == null;
    }

    ApiKey revoked(final Instant at, final String by) {
        return new ApiKey(id, orgId, role, label, keyHash, createdAt, createdBy, at, by);
    }
}
