package ledger.gateway.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import ledger.gateway.notification.Signature.Outcome;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.NotBlank;
import net.jqwik.api.constraints.Size;

/**
 * Signing and verifying agree for any body and secret, any change to the body breaks the signature, and a wrong
 * Content-HMAC is never outvoted by X-Content-HMAC.
 */
class SignaturePropertyTest {

    @Property
    void whatIsSignedVerifies(@ForAll final byte[] body, @ForAll @NotBlank final String secret) {
        final Map<String, String> headers = Map.of("Content-HMAC", Signature.sign(secret, body));

        assertThat(Signature.verify(body, headers, List.of(secret))).isEqualTo(Outcome.VALID_CONTENT_HMAC);
    }

    @Property
    void anySingleByteChangeBreaksTheSignature(@ForAll @Size(min = 1, max = 512) final byte[] body,
                                               @ForAll final int position, @ForAll final byte replacement,
                                               @ForAll @NotBlank final String secret) {
        final int index = Math.floorMod(position, body.length);
        Assume.that(body[index] != replacement);
        final Map<String, String> headers = Map.of("Content-HMAC", Signature.sign(secret, body));
        final byte[] tampered = body.clone();
        tampered[index] = replacement;

        assertThat(Signature.verify(tampered, headers, List.of(secret))).isEqualTo(Outcome.MISMATCH);
    }

    @Property
    void anySingleByteChangeBreaksTheDecodedSignatureToo(@ForAll("formBodies") final String form,
                                                         @ForAll final int position,
                                                         @ForAll @NotBlank final String secret) {
        final byte[] body = form.getBytes(StandardCharsets.US_ASCII);
        final int index = Math.floorMod(position, body.length);
        // Swap one letter or digit for another letter: the decoded body changes by exactly that byte.
        Assume.that(Character.isLetterOrDigit(body[index]));
        final byte[] tampered = body.clone();
        tampered[index] = (byte) (body[index] == 'Q' ? 'R' : 'Q');
        final Map<String, String> headers = Map.of("X-Content-HMAC", Signature.signDecoded(secret, body));

        assertThat(Signature.verify(body, headers, List.of(secret))).isEqualTo(Outcome.VALID_X_CONTENT_HMAC);
        assertThat(Signature.verify(tampered, headers, List.of(secret))).isEqualTo(Outcome.MISMATCH);
    }

    @Property
    void aDifferentSecretNeverVerifies(@ForAll final byte[] body, @ForAll @NotBlank final String secret,
                                       @ForAll @NotBlank final String other) {
        Assume.that(!secret.equals(other));
        final Map<String, String> headers = Map.of("Content-HMAC", Signature.sign(secret, body));

        assertThat(Signature.verify(body, headers, List.of(other))).isEqualTo(Outcome.MISMATCH);
    }

    @Property
    void aWrongContentHmacIsNeverRescuedByARightXContentHmac(@ForAll("formBodies") final String form,
                                                             @ForAll @NotBlank final String secret,
                                                             @ForAll @NotBlank final String other) {
        Assume.that(!secret.equals(other));
        final byte[] body = form.getBytes(StandardCharsets.US_ASCII);
        final Map<String, String> headers = Map.of(
                "Content-HMAC", Signature.sign(other, body),
                "X-Content-HMAC", Signature.signDecoded(secret, body));

        assertThat(Signature.verify(body, headers, List.of(secret))).isEqualTo(Outcome.MISMATCH);
        assertThat(Signature.verify(body, Map.of("X-Content-HMAC", headers.get("X-Content-HMAC")), List.of(secret)))
                .isEqualTo(Outcome.VALID_X_CONTENT_HMAC);
    }

    @Provide
    Arbitrary<String> formBodies() {
        return Arbitraries.strings().withChars("abcXYZ019=&+").ofMinLength(1).ofMaxLength(60)
                .filter(s -> s.chars().anyMatch(Character::isLetterOrDigit));
    }
}
