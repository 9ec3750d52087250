package ledger.gateway.organizations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ledger.platform.MutableClock;
import ledger.events.OrgMode;
import org.junit.jupiter.api.Test;

/**
 * Secret rotation with an end: the secret an admin replaces keeps verifying webhooks for the rotation window and
 * not a moment longer, a refused secret is never kept, and the admin can end the window at once. The mode the admin
 * sets: TEST for a new connection, kept by a reconnect, dated only when it changes. The store is in memory (records
 * still go through their JSON) and the clock is moved by the test.
 */
class IntegrationsTest {

    private static final String ORG = "org-1";
    private static final Duration WINDOW = Duration.ofHours(72);
    private static final Instant START = Instant.parse("2026-11-20T10:00:00Z");
    private static final String KEY = SecretCipher.newKey();

    private final MutableClock clock = new MutableClock(START);
    private final SecretCipher cipher = new SecretCipher(KEY);
    private final IntegrationStore store = IntegrationStore.inMemory();
    /** The secrets CloudPayments accepts; any other is INVALID_CREDENTIALS, unless CloudPayments is unreachable. */
    private final Map<String, String> valid = new ConcurrentHashMap<>();
    private volatile boolean unreachable;
    private final Integrations integrations = new Integrations(store, cipher,
            (publicId, secret) -> unreachable ? ConnectionStatus.UNREACHABLE
                    : secret.equals(valid.get(publicId)) ? ConnectionStatus.CONNECTED : ConnectionStatus.INVALID_CREDENTIALS,
            clock, WINDOW);

    private Integration connect(final String secret) {
        return connect(secret, null);
    }

    private Integration connect(final String secret, final OrgMode mode) {
        return integrations.connect(ORG, request(secret, mode)).integration();
    }

    private static Integrations.ConnectRequest request(final String secret, final OrgMode mode) {
        return new Integrations.ConnectRequest("pk_1", secret, "RUB", 1_000, 10_000_000, true, "UTF-8", mode);
    }

    private Integration rotate(final String secret) {
        valid.put("pk_1", secret);
        return connect(secret);
    }

    @Test
    void thePreviousSecretIsAcceptedInsideTheWindowAndRefusedFromItsEndOn() {
        rotate("old");
        clock.advance(Duration.ofHours(1));
        final Integration rotated = rotate("new");
        final Instant end = START.plus(Duration.ofHours(1)).plus(WINDOW);

        assertThat(rotated.previousSecretExpiresAt()).isEqualTo(end);
        assertThat(integrations.webhookSecrets(ORG)).containsExactly("new", "old");
        assertThat(integrations.previousSecret(rotated)).isEqualTo(new Integrations.PreviousSecret(true, end));

        clock.advance(WINDOW.minusMillis(1));
        assertThat(integrations.webhookSecrets(ORG)).containsExactly("new", "old");
        clock.advance(Duration.ofMillis(1));
        assertThat(integrations.webhookSecrets(ORG)).containsExactly("new");
        assertThat(integrations.previousSecret(store.find(ORG).orElseThrow())).isEqualTo(new Integrations.PreviousSecret(false, end));
    }

    @Test
    void savingTheSameSecretAgainNeitherEndsNorExtendsTheWindow() {
        rotate("old");
        rotate("new");
        clock.advance(Duration.ofHours(70));
        final Integration saved = connect("new");

        assertThat(saved.previousSecretExpiresAt()).isEqualTo(START.plus(WINDOW));
        assertThat(integrations.webhookSecrets(ORG)).containsExactly("new", "old");
        clock.advance(Duration.ofHours(2));
        assertThat(integrations.webhookSecrets(ORG)).containsExactly("new");
        // Once over, saving again does not bring the old secret back.
        assertThat(connect("new").previousSecretCiphertext()).isNull();
    }

    @Test
    void aSecondChangeReplacesThePreviousSecretAndStartsANewWindow() {
        rotate("first");
        rotate("second");
        clock.advance(Duration.ofHours(10));
        final Integration third = rotate("third");

        assertThat(integrations.webhookSecrets(ORG)).containsExactly("third", "second");
        assertThat(third.previousSecretExpiresAt()).isEqualTo(START.plus(Duration.ofHours(10)).plus(WINDOW));
    }

    @Test
    void aSaveCloudPaymentsRefusesChangesNothing() {
        final Integration working = rotate("working");
        clock.advance(Duration.ofHours(1));

        assertThatThrownBy(() -> connect("typo"))
                .isInstanceOfSatisfying(Integrations.ConnectRefused.class, refused -> {
                    assertThat(refused.answer()).isEqualTo(ConnectionStatus.INVALID_CREDENTIALS);
                    assertThat(refused.kept()).contains(working);
                });
        assertThat(store.find(ORG)).contains(working);
        assertThat(integrations.webhookSecrets(ORG)).as("the working secret still verifies webhooks").containsExactly("working");

        rotate("fixed");
        assertThat(integrations.webhookSecrets(ORG)).containsExactly("fixed", "working");
        assertThat(store.find(ORG).orElseThrow().previousSecretExpiresAt()).isEqualTo(START.plus(Duration.ofHours(1)).plus(WINDOW));
    }

    @Test
    void aSaveWhileCloudPaymentsIsUnreachableChangesNothingUnlessForcedAndIsThenCheckedUntilItAnswers() {
        final Integration working = rotate("working");
        unreachable = true;
        assertThatThrownBy(() -> connect("next"))
                .isInstanceOfSatisfying(Integrations.ConnectRefused.class, refused -> assertThat(refused.answer()).isEqualTo(ConnectionStatus.UNREACHABLE));
        assertThat(store.find(ORG)).contains(working);
        assertThat(integrations.unverified()).isEmpty();

        clock.advance(Duration.ofMinutes(5));
        final Integrations.Saved forced = integrations.connect(ORG, request("next", null), true);
        assertThat(forced.replaced()).isTrue();
        assertThat(forced.secretChanged()).isTrue();
        assertThat(forced.integration().status()).isEqualTo(ConnectionStatus.UNVERIFIED);
        assertThat(forced.integration().checkResult()).isEqualTo(ConnectionStatus.UNREACHABLE);
        assertThat(integrations.webhookSecrets(ORG)).as("unverified credentials verify webhooks, the old ones for the window")
                .containsExactly("next", "working");
        assertThat(integrations.unverified()).containsExactly(ORG);

        clock.advance(Duration.ofMinutes(1));
        final Integrations.Checked stillAway = integrations.check(ORG).orElseThrow();
        assertThat(stillAway.answer()).isEqualTo(ConnectionStatus.UNREACHABLE);
        assertThat(stillAway.integration().status()).isEqualTo(ConnectionStatus.UNVERIFIED);
        assertThat(stillAway.integration().checkedAt()).isEqualTo(START.plus(Duration.ofMinutes(6)));

        unreachable = false;
        valid.put("pk_1", "next");
        clock.advance(Duration.ofMinutes(1));
        final Integrations.Checked answered = integrations.check(ORG).orElseThrow();
        assertThat(answered.answer()).isEqualTo(ConnectionStatus.CONNECTED);
        assertThat(answered.integration().status()).isEqualTo(ConnectionStatus.CONNECTED);
        assertThat(answered.integration().verifiedAt()).isEqualTo(START.plus(Duration.ofMinutes(7)));
        assertThat(integrations.unverified()).isEmpty();
        assertThat(integrations.check("org-unknown")).isEmpty();
    }

    @Test
    void aForcedSaveThatCloudPaymentsLaterRefusesBecomesInvalid() {
        unreachable = true;
        integrations.connect(ORG, request("guess", null), true);
        unreachable = false;
        final Integrations.Checked refused = integrations.check(ORG).orElseThrow();
        assertThat(refused.integration().status()).isEqualTo(ConnectionStatus.INVALID_CREDENTIALS);
        assertThat(integrations.webhookSecrets(ORG)).isEmpty();
        assertThat(integrations.unverified()).isEmpty();
    }

    @Test
    void aRecordSavedUnreachableBeforeSavesWereVerifiedFirstReadsAsUnverified() {
        assertThat(new Integration(ORG, "pk_1", cipher.encrypt(ORG, "s"), null, ConnectionStatus.UNREACHABLE, "RUB", 1, 2, true, "UTF-8",
                START, START).status()).isEqualTo(ConnectionStatus.UNVERIFIED);
    }

    @Test
    void theAdminCanEndTheWindowAtOnceAndOnlyWhileItIsOpen() {
        rotate("old");
        rotate("new");

        final Integration ended = integrations.endPreviousSecret(ORG).orElseThrow();
        assertThat(ended.previousSecretCiphertext()).isNull();
        assertThat(ended.previousSecretExpiresAt()).isNull();
        assertThat(integrations.previousSecret(ended)).isEqualTo(new Integrations.PreviousSecret(false, null));
        assertThat(integrations.webhookSecrets(ORG)).containsExactly("new");
        assertThat(integrations.endPreviousSecret(ORG)).as("nothing left to end").isEmpty();
        assertThat(integrations.endPreviousSecret("org-unknown")).isEmpty();

        rotate("newer");
        clock.advance(WINDOW);
        assertThat(integrations.endPreviousSecret(ORG)).as("already over by itself").isEmpty();
    }

    @Test
    void aRecordFromBeforeRotationsHadAnEndExpiresOneWindowAfterItWasSaved() throws Exception {
        final Instant savedAt = START.minus(Duration.ofHours(24));
        final String json = "{\"orgId\":\"" + ORG + "\",\"publicId\":\"pk_1\",\"secretCiphertext\":\"" + cipher.encrypt(ORG, "new")
                + "\",\"previousSecretCiphertext\":\"" + cipher.encrypt(ORG, "old") + "\",\"status\":\"CONNECTED\",\"currency\":\"RUB\","
                + "\"minTopUpMinor\":1000,\"maxTopUpMinor\":10000000,\"enabled\":true,\"charset\":\"UTF-8\","
                + "\"connectedAt\":\"" + savedAt.minus(Duration.ofDays(30)) + "\",\"verifiedAt\":\"" + savedAt + "\"}";
        final Integration old = IntegrationStore.read(json);
        store.put(old);

        assertThat(old.previousSecretExpiresAt()).isNull();
        assertThat(old.previousSecretAcceptedUntil(WINDOW)).isEqualTo(savedAt.plus(WINDOW));
        assertThat(integrations.webhookSecrets(ORG)).containsExactly("new", "old");
        // Saving it again fixes that end in the record instead of starting the window over.
        valid.put("pk_1", "new");
        assertThat(connect("new").previousSecretExpiresAt()).isEqualTo(savedAt.plus(WINDOW));
        clock.advance(Duration.ofHours(48));
        assertThat(integrations.webhookSecrets(ORG)).containsExactly("new");
    }

    @Test
    void theShapeOperatorToolsStillBuildIsReadWithoutAnExpiry() throws Exception {
        final Integration legacy = new Integration(ORG, "pk_1", cipher.encrypt(ORG, "s"), null, ConnectionStatus.CONNECTED, "RUB",
                100, 1_000, true, "UTF-8", START, START);
        assertThat(legacy.previousSecretAcceptedUntil(WINDOW)).isNull();
        assertThat(IntegrationStore.read(IntegrationStore.write(legacy))).isEqualTo(legacy);
        assertThat(List.of(IntegrationStore.write(legacy))).allSatisfy(json -> assertThat(json).contains("\"previousSecretExpiresAt\":null"));
    }

    @Test
    void aNewConnectionIsInTestModeAndAReconnectWithoutAModeKeepsIt() {
        valid.put("pk_1", "s");
        final Integration connected = connect("s");
        assertThat(connected.mode()).isEqualTo(OrgMode.TEST);
        assertThat(connected.modeChangedAt()).isEqualTo(START);

        clock.advance(Duration.ofHours(1));
        assertThat(integrations.setMode(ORG, OrgMode.LIVE).orElseThrow().modeChangedAt()).isEqualTo(START.plus(Duration.ofHours(1)));
        clock.advance(Duration.ofHours(1));
        final Integration reconnected = connect("s");
        assertThat(reconnected.mode()).isEqualTo(OrgMode.LIVE);
        assertThat(reconnected.modeChangedAt()).isEqualTo(START.plus(Duration.ofHours(1)));
    }

    @Test
    void theConnectRequestCanSetTheModeAndIsDatedOnlyWhenItChanges() {
        valid.put("pk_1", "s");
        assertThat(connect("s", OrgMode.LIVE).mode()).isEqualTo(OrgMode.LIVE);
        clock.advance(Duration.ofHours(1));
        assertThat(connect("s", OrgMode.LIVE).modeChangedAt()).as("unchanged").isEqualTo(START);
        assertThat(connect("s", OrgMode.TEST).modeChangedAt()).isEqualTo(START.plus(Duration.ofHours(1)));
    }

    @Test
    void settingTheModeItAlreadyHasChangesNothing() {
        valid.put("pk_1", "s");
        connect("s");
        clock.advance(Duration.ofHours(1));

        assertThat(integrations.setMode(ORG, OrgMode.TEST).orElseThrow().modeChangedAt()).isEqualTo(START);
        assertThat(integrations.setMode("org-unknown", OrgMode.LIVE)).isEmpty();
    }

    @Test
    void aRecordFromBeforeModesIsInTestModeNeverChanged() throws Exception {
        final Integration old = IntegrationStore.read("{\"orgId\":\"" + ORG + "\",\"publicId\":\"pk_1\",\"secretCiphertext\":\""
                + cipher.encrypt(ORG, "s") + "\",\"status\":\"CONNECTED\",\"currency\":\"RUB\",\"minTopUpMinor\":1000,"
                + "\"maxTopUpMinor\":10000000,\"enabled\":true,\"charset\":\"UTF-8\",\"connectedAt\":\"" + START
                + "\",\"verifiedAt\":\"" + START + "\"}");

        assertThat(old.mode()).isEqualTo(OrgMode.TEST);
        assertThat(old.modeChangedAt()).isNull();
        store.put(old);
        clock.advance(Duration.ofMinutes(5));
        assertThat(integrations.setMode(ORG, OrgMode.LIVE).orElseThrow().modeChangedAt()).isEqualTo(START.plus(Duration.ofMinutes(5)));
        assertThat(IntegrationStore.write(store.find(ORG).orElseThrow())).contains("\"mode\":\"LIVE\"");
    }
}
