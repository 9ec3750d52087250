package ledger.gateway.notification;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import ledger.gateway.notification.Signature.Outcome;
import org.junit.jupiter.api.Test;

/**
 * Signatures are checked as CloudPayments computes them: published library vectors, vectors computed here
 * with Python's hmac module, and javax.crypto computed independently in the test.
 */
class SignatureTest {

    /** The Ruby gem undr/cloud_payments' spec: a .NET-encoded Pay body signed with the secret {@code pass}. */
    private static final byte[] UNDR_BODY = Samples.bytes("undr_cloud_payments__webhooks_spec__hmac_vector.body.txt");
    private static final String UNDR_VALID = "tJW02TMAce4Em8eJTNqjhOax+BYRM5K2D8mX9xsmUUc=";
    private static final String UNDR_INVALID = "6sUXv4W0wmhfpkkDtp+3Hw/M8deAPkMRVV3OWANcqro=";

    @Test
    void reproducesTheRubyGemsPublishedContentHmac() {
        assertThat(UNDR_BODY).hasSize(917);
        assertThat(Signature.sign("pass", UNDR_BODY)).isEqualTo(UNDR_VALID);
        assertThat(Signature.verify(UNDR_BODY, Map.of("Content-HMAC", UNDR_VALID), List.of("pass")))
                .isEqualTo(Outcome.VALID_CONTENT_HMAC);
        assertThat(Signature.verify(UNDR_BODY, Map.of("Content-HMAC", UNDR_INVALID), List.of("pass")))
                .isEqualTo(Outcome.MISMATCH);
    }

    @Test
    void xContentHmacIsOverTheUrlDecodedBody() {
        // The TypeScript SDK's case: %2B is a literal plus, + is a space (vector computed with Python's hmac).
        final byte[] body = "AccountId=user%2B42&Description=Hello+World".getBytes(UTF_8);
        final String overDecoded = "dO4Ux8cM9DA9buV8MfAHON8x9SfbYFprxDmOsG04v/0=";

        assertThat(Signature.signDecoded("supersecret", body)).isEqualTo(overDecoded);
        assertThat(Signature.sign("supersecret", "AccountId=user+42&Description=Hello World".getBytes(UTF_8)))
                .isEqualTo(overDecoded);
        assertThat(Signature.verify(body, Map.of("X-Content-HMAC", overDecoded), List.of("supersecret")))
                .isEqualTo(Outcome.VALID_X_CONTENT_HMAC);
        // The raw-body HMAC in X-Content-HMAC (garpix's mistake) does not pass for the decoded check.
        assertThat(Signature.verify(body, Map.of("X-Content-HMAC", "5yxiIp3Qv3ampXjt2l8f/MDUce/F3hy7pcTwYmCrRbg="),
                List.of("supersecret"))).isEqualTo(Outcome.MISMATCH);
    }

    @Test
    void theRubyBodysDecodedFormSignsDifferentlyFromItsRawForm() {
        final String decoded = Signature.signDecoded("pass", UNDR_BODY);

        assertThat(decoded).isNotEqualTo(UNDR_VALID).isEqualTo(independentHmac("pass",
                new String(UNDR_BODY, UTF_8).replace('+', ' ')
                        .transform(SignatureTest::percentDecodeUtf8).getBytes(UTF_8)));
        assertThat(Signature.verify(UNDR_BODY, Map.of("X-Content-HMAC", decoded), List.of("pass")))
                .isEqualTo(Outcome.VALID_X_CONTENT_HMAC);
    }

    @Test
    void matchesAnIndependentJavaxCryptoComputation() {
        final byte[] body = "TransactionId=7&Amount=10.00".getBytes(UTF_8);

        assertThat(Signature.sign("new-secret", body))
                .isEqualTo(independentHmac("new-secret", body))
                .isEqualTo("Rz4+6IZvPqZJ4CNGoq9SsZY0rLVhm+4tkxEa7nH/cdw=");
        // The key is the secret's UTF-8 bytes, whatever characters it holds.
        assertThat(Signature.sign("пароль", body)).isEqualTo("Lgu7iE/xnOIJhtrPROS+IFd6o+PeTXhNndimN3mBR4I=");
    }

    @Test
    void acceptsEitherSecretDuringARotation() {
        final byte[] body = "TransactionId=7&Amount=10.00".getBytes(UTF_8);
        final Map<String, String> signedWithOld = Map.of("Content-HMAC", Signature.sign("old-secret", body));
        final Map<String, String> signedWithNew = Map.of("Content-HMAC", Signature.sign("new-secret", body));

        assertThat(Signature.verify(body, signedWithOld, List.of("new-secret", "old-secret"))).isEqualTo(Outcome.VALID_CONTENT_HMAC);
        assertThat(Signature.verify(body, signedWithNew, List.of("new-secret", "old-secret"))).isEqualTo(Outcome.VALID_CONTENT_HMAC);
        assertThat(Signature.verify(body, signedWithOld, List.of("new-secret"))).isEqualTo(Outcome.MISMATCH);
    }

    @Test
    void findsHeadersWhateverTheirCase() {
        final byte[] body = "a=1".getBytes(UTF_8);
        final String signature = Signature.sign("s", body);

        for (final String name : List.of("Content-HMAC", "Content-Hmac", "content-hmac", "CONTENT-HMAC", "cOnTeNt-HmAc")) {
            assertThat(Signature.verify(body, Map.of(name, signature), List.of("s"))).as(name).isEqualTo(Outcome.VALID_CONTENT_HMAC);
        }
        // A case-sensitive getter (such as Map::get) is asked for the usual spellings.
        final Map<String, String> caseSensitive = new HashMap<>(Map.of("Content-Hmac", signature));
        assertThat(Signature.verify(body, caseSensitive::get, List.of("s"))).isEqualTo(Outcome.VALID_CONTENT_HMAC);
    }

    @Test
    void aWrongContentHmacIsAMismatchEvenWhenXContentHmacMatches() {
        // The forgery the attacks used: any Content-HMAC, plus a correct decoded-body signature.
        final byte[] body = "Name=A+B".getBytes(UTF_8);
        final Map<String, String> headers = Map.of(
                "Content-HMAC", Signature.sign("other", body),
                "X-Content-HMAC", Signature.signDecoded("s", body));

        assertThat(Signature.verify(body, headers, List.of("s"))).isEqualTo(Outcome.MISMATCH);
        assertThat(Signature.verify(body, Map.of("Content-HMAC", "not base64!", "X-Content-HMAC", Signature.signDecoded("s", body)),
                List.of("s"))).isEqualTo(Outcome.MISMATCH);
    }

    @Test
    void aRightContentHmacDecidesWhateverXContentHmacSays() {
        final byte[] body = "Name=A+B".getBytes(UTF_8);
        final Map<String, String> headers = Map.of(
                "Content-HMAC", Signature.sign("old", body),
                "X-Content-HMAC", Signature.signDecoded("other", body));

        assertThat(Signature.verify(body, headers, List.of("new", "old"))).isEqualTo(Outcome.VALID_CONTENT_HMAC);
    }

    @Test
    void xContentHmacDecidesOnlyWhenContentHmacIsAbsentOrBlank() {
        final byte[] body = "Name=A+B".getBytes(UTF_8);
        final String decoded = Signature.signDecoded("s", body);

        assertThat(Signature.verify(body, Map.of("X-Content-HMAC", decoded), List.of("s"))).isEqualTo(Outcome.VALID_X_CONTENT_HMAC);
        assertThat(Signature.verify(body, Map.of("Content-HMAC", " ", "X-Content-HMAC", decoded), List.of("s")))
                .isEqualTo(Outcome.VALID_X_CONTENT_HMAC);
        assertThat(Signature.verify(body, Map.of("Content-HMAC", "", "X-Content-HMAC", Signature.signDecoded("other", body)),
                List.of("s"))).isEqualTo(Outcome.MISMATCH);
    }

    @Test
    void reportsMissingHeaders() {
        final byte[] body = "a=1".getBytes(UTF_8);

        assertThat(Signature.verify(body, Map.of(), List.of("s"))).isEqualTo(Outcome.MISSING);
        assertThat(Signature.verify(body, Map.of("Content-HMAC", "  ", "Other", "x"), List.of("s"))).isEqualTo(Outcome.MISSING);
        assertThat(Signature.verify(body, name -> null, List.of("s"))).isEqualTo(Outcome.MISSING);
        assertThat(Outcome.MISSING.isValid()).isFalse();
    }

    @Test
    void treatsGarbageAndTruncatedSignaturesAsMismatch() {
        final byte[] body = "a=1".getBytes(UTF_8);
        final String valid = Signature.sign("s", body);

        for (final String claimed : List.of("not base64!", valid.substring(0, 20), valid + "AAAA", "", "=")) {
            if (!claimed.isBlank()) {
                assertThat(Signature.verify(body, Map.of("Content-HMAC", claimed), List.of("s"))).as(claimed)
                        .isEqualTo(Outcome.MISMATCH);
            }
        }
        // A body that cannot be URL-decoded cannot match X-Content-HMAC.
        assertThat(Signature.verify("a=%".getBytes(UTF_8), Map.of("X-Content-HMAC", valid), List.of("s")))
                .isEqualTo(Outcome.MISMATCH);
    }

    @Test
    void verifiesAGetQueryStringAsItsRawBytes() {
        final String rawQuery = "TransactionId=5&DateTime=2024-01-01+10%3a00%3a00";
        final byte[] signed = rawQuery.getBytes(UTF_8);

        assertThat(Signature.verify(signed, Map.of("Content-HMAC", independentHmac("s", signed)), List.of("s")))
                .isEqualTo(Outcome.VALID_CONTENT_HMAC);
    }

    @Test
    void refusesToRunWithoutOneOrTwoUsableSecrets() {
        final byte[] body = new byte[0];
        final Map<String, String> headers = Map.of("Content-HMAC", "x");

        assertThatThrownBy(() -> Signature.verify(body, headers, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Signature.verify(body, headers, List.of("a", "b", "c"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Signature.verify(body, headers, List.of(" "))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neverPutsTheSecretIntoAnOutcomeOrMessage() {
        final String secret = "sk_live_very_secret";
        final Outcome outcome = Signature.verify("a=1".getBytes(UTF_8), Map.of("Content-HMAC", "AAAA"), List.of(secret));

        assertThat(outcome.toString()).doesNotContain(secret);
        assertThatThrownBy(() -> Signature.verify(new byte[0], Map.of(), List.of(secret, secret, secret)))
                .hasMessageNotContaining(secret);
    }

    private static String independentHmac(final String secret, final byte[] message) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(message));
        } catch (final Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String percentDecodeUtf8(final String spaced) {
        // java.net.URLDecoder would turn '+' into ' ' as well; it is already done, and no '+' is left literal here.
        return java.net.URLDecoder.decode(spaced, UTF_8);
    }
}
