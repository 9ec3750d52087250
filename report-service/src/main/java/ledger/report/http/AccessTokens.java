package ledger.report.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

import io.javalin.security.RouteRole;

/**
 * The API's bearer tokens: the admin token may do everything, the finance token may only read. Tokens are compared
 * as SHA-256 digests with {@link MessageDigest#isEqual}, so neither their content nor their length shows in timing.
 */
public final class AccessTokens {

    /** What a token grants, and what a route requires. */
    enum Access implements RouteRole {
        READ, ADMIN;

        boolean allows(final Access required) {
            return this == ADMIN || required == READ;
        }
    }

    private final byte[] adminDigest;
    private final Optional<byte[]> financeDigest;

    public AccessTokens(final String adminToken, final Optional<String> financeToken) {
        this.adminDigest = digest(adminToken);
        this.financeDigest = financeToken.map(AccessTokens::digest);
    }

    /** What the {@code Authorization} header grants, or empty when it is missing, malformed or unknown. */
    Optional<Access> grant(final String authorizationHeader) {
        if (authorizationHeader == null) {
            return Optional.empty();
        }
        final String header = authorizationHeader.trim();
        if (header.length() < 7 || !header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return Optional.empty();
        }
        return grantToken(header.substring(7).trim());
    }

    /** What the token itself grants (as typed into the sign-in form), or empty when it is unknown. */
    Optional<Access> grantToken(final String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        final byte[] presented = digest(token);
        // Both comparisons always run, so timing does not tell which token was close.
        final boolean admin = MessageDigest.isEqual(presented, adminDigest);
        final boolean finance = financeDigest.map(d -> MessageDigest.isEqual(presented, d)).orElse(false);
        if (admin) {
            return Optional.of(Access.ADMIN);
        }
        return finance ? Optional.of(Access.READ) : Optional.empty();
    }

    /**
     * The key that signs page sessions, derived from both tokens: replacing either token ends every session signed
     * before, and sessions survive a restart with the same tokens.
     */
    byte[] sessionKey() {
        final byte[] label = "report-page-session-v1".getBytes(StandardCharsets.UTF_8);
        final byte[] finance = financeDigest.orElse(new byte[0]);
        final byte[] material = new byte[label.length + adminDigest.length + finance.length];
        System.arraycopy(label, 0, material, 0, label.length);
        System.arraycopy(adminDigest, 0, material, label.length, adminDigest.length);
        System.arraycopy(finance, 0, material, label.length + adminDigest.length, finance.length);
        try {
            return MessageDigest.getInstance("SHA-256").digest(material);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static byte[] digest(final String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
