package ledger.gateway.organizations;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts API secrets at rest with AES-256-GCM. Each ciphertext carries its own random 96-bit nonce; the
 * organization id is bound as associated data, so a ciphertext copied to another organization fails to decrypt.
 */
public final class SecretCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    /** @param base64Key 32 random bytes, base64-encoded ({@code GATEWAY_SECRET_KEY}) */
    public SecretCipher(final String base64Key) {
        final byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key);
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("GATEWAY_SECRET_KEY must be base64");
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException("GATEWAY_SECRET_KEY must decode to 32 bytes (AES-256), got " + raw.length);
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    /** A fresh random key, base64-encoded, for the embedded stack's first start. */
    public static String newKey() {
        final byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    public String encrypt(final String orgId, final String secret) {
        try {
            final byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            final Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(orgId.getBytes(StandardCharsets.UTF_8));
            final byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    public String decrypt(final String orgId, final String ciphertext) {
        try {
            final byte[] all = Base64.getDecoder().decode(ciphertext);
            final Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            cipher.updateAAD(orgId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (final GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot decrypt the API secret of organization " + orgId + " (wrong GATEWAY_SECRET_KEY?)");
        }
    }
}
