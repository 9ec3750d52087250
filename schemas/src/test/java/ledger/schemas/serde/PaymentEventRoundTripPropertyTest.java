package ledger.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import ledger.events.Card;
import ledger.events.Fees;
import ledger.events.NotificationKind;
import ledger.events.PaymentEvent;
import ledger.events.Subscription;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.apache.kafka.common.serialization.Serde;

/**
 * Whatever a payment holds (any amounts and ids across the whole {@code long} range, any instant, any
 * Unicode text, any mix of absent optional fields and nested records), it comes back from the serde equal.
 */
class PaymentEventRoundTripPropertyTest {

    private static final String SCOPE = PaymentEventRoundTripPropertyTest.class.getSimpleName();

    private final Serde<PaymentEvent> serde = AvroSerdes.specific(PaymentEvent.class,
            Map.of(AvroSerdes.SCHEMA_REGISTRY_URL, "mock://" + SCOPE), false);

    @AfterContainer
    static void dropScope() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Property(tries = 300)
    void anyPaymentEventRoundTripsExactly(@ForAll("payments") final PaymentEvent payment) {
        final byte[] bytes = serde.serializer().serialize("payments", payment);

        assertThat(serde.deserializer().deserialize("payments", bytes)).isEqualTo(payment);
    }

    @Provide
    Arbitrary<PaymentEvent> payments() {
        return Builders.withBuilder(PaymentEvent::newBuilder)
                .use(text()).in(PaymentEvent.Builder::setEventId)
                .use(text()).in(PaymentEvent.Builder::setOrgId)
                .use(Arbitraries.of(NotificationKind.class)).in(PaymentEvent.Builder::setKind)
                .use(optionalLong()).in(PaymentEvent.Builder::setTransactionId)
                .use(optionalLong()).in(PaymentEvent.Builder::setPaymentTransactionId)
                .use(optionalText()).in(PaymentEvent.Builder::setCustomerId)
                .use(optionalText()).in(PaymentEvent.Builder::setClubId)
                .use(Arbitraries.longs()).in(PaymentEvent.Builder::setAmountMinor)
                .use(optionalText()).in(PaymentEvent.Builder::setCurrency)
                .use(optionalLong()).in(PaymentEvent.Builder::setPaymentAmountMinor)
                .use(optionalText()).in(PaymentEvent.Builder::setPaymentCurrency)
                .use(instant()).in(PaymentEvent.Builder::setOccurredAt)
                .use(instant()).in(PaymentEvent.Builder::setReceivedAt)
                .use(Arbitraries.of(true, false).injectNull(0.3)).in(PaymentEvent.Builder::setTestMode)
                .use(optionalText()).in(PaymentEvent.Builder::setStatus)
                .use(optionalText()).in(PaymentEvent.Builder::setOperationType)
                .use(optionalText()).in(PaymentEvent.Builder::setInvoiceId)
                .use(optionalText()).in(PaymentEvent.Builder::setSubscriptionId)
                .use(cards().injectNull(0.3)).in(PaymentEvent.Builder::setCard)
                .use(optionalText()).in(PaymentEvent.Builder::setGatewayName)
                .use(optionalText()).in(PaymentEvent.Builder::setAuthCode)
                .use(optionalText()).in(PaymentEvent.Builder::setRrn)
                .use(fees().injectNull(0.3)).in(PaymentEvent.Builder::setFees)
                .use(optionalText()).in(PaymentEvent.Builder::setReason)
                .use(optionalInt()).in(PaymentEvent.Builder::setReasonCode)
                .use(optionalText()).in(PaymentEvent.Builder::setDescription)
                .use(optionalText()).in(PaymentEvent.Builder::setPaymentMethod)
                .use(optionalLong()).in(PaymentEvent.Builder::setFallbackDeclinedTransactionId)
                .use(optionalText()).in(PaymentEvent.Builder::setData)
                .use(subscriptions().injectNull(0.3)).in(PaymentEvent.Builder::setSubscription)
                .use(Arbitraries.of(true, false)).in(PaymentEvent.Builder::setReconciled)
                .build(PaymentEvent.Builder::build);
    }

    private static Arbitrary<Card> cards() {
        return Builders.withBuilder(Card::newBuilder)
                .use(optionalText()).in(Card.Builder::setFirstSix)
                .use(optionalText()).in(Card.Builder::setLastFour)
                .use(optionalText()).in(Card.Builder::setType)
                .use(optionalText()).in(Card.Builder::setExpDate)
                .use(optionalText()).in(Card.Builder::setIssuer)
                .use(optionalText()).in(Card.Builder::setIssuerBankCountry)
                .use(optionalText()).in(Card.Builder::setProduct)
                .build(Card.Builder::build);
    }

    private static Arbitrary<Fees> fees() {
        return Builders.withBuilder(Fees::newBuilder)
                .use(optionalLong()).in(Fees.Builder::setTotalFeeMinor)
                .use(optionalLong()).in(Fees.Builder::setVatAboveTotalFeeMinor)
                .use(optionalLong()).in(Fees.Builder::setProcessorAndPartnerFeeMinor)
                .use(optionalLong()).in(Fees.Builder::setVatWithinProcessorFeeMinor)
                .build(Fees.Builder::build);
    }

    private static Arbitrary<Subscription> subscriptions() {
        return Builders.withBuilder(Subscription::newBuilder)
                .use(text()).in(Subscription.Builder::setId)
                .use(text()).in(Subscription.Builder::setStatus)
                .use(optionalText()).in(Subscription.Builder::setDescription)
                .use(Arbitraries.of(true, false).injectNull(0.3)).in(Subscription.Builder::setRequireConfirmation)
                .use(instant().injectNull(0.3)).in(Subscription.Builder::setStartAt)
                .use(optionalText()).in(Subscription.Builder::setInterval)
                .use(optionalInt()).in(Subscription.Builder::setPeriod)
                .use(optionalInt()).in(Subscription.Builder::setMaxPeriods)
                .use(optionalInt()).in(Subscription.Builder::setSuccessfulTransactions)
                .use(optionalInt()).in(Subscription.Builder::setFailedTransactions)
                .use(instant().injectNull(0.3)).in(Subscription.Builder::setLastTransactionAt)
                .use(instant().injectNull(0.3)).in(Subscription.Builder::setNextTransactionAt)
                .build(Subscription.Builder::build);
    }

    /**
     * Text as Kafka carries it: ASCII ids most of the time, and any Unicode code point (Cyrillic, emoji, NUL)
     * otherwise. Lone surrogates are left out: they are not Unicode text and no UTF-8 encoder keeps them.
     */
    private static Arbitrary<String> text() {
        final Arbitrary<String> anyCodePoints = Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
                .list().ofMaxSize(24)
                .map(PaymentEventRoundTripPropertyTest::fromCodePoints);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.strings().alpha().numeric().withChars(":-_").ofMaxLength(24)),
                net.jqwik.api.Tuple.of(1, anyCodePoints));
    }

    private static Arbitrary<String> optionalText() {
        return text().injectNull(0.3);
    }

    private static Arbitrary<Long> optionalLong() {
        return Arbitraries.longs().injectNull(0.3);
    }

    private static Arbitrary<Integer> optionalInt() {
        return Arbitraries.integers().injectNull(0.3);
    }

    /** timestamp-millis: any millisecond a long can count, which is what the Avro type can hold. */
    private static Arbitrary<Instant> instant() {
        return Arbitraries.longs().map(Instant::ofEpochMilli);
    }

    private static String fromCodePoints(final List<Integer> codePoints) {
        final StringBuilder text = new StringBuilder();
        codePoints.forEach(text::appendCodePoint);
        return text.toString();
    }
}
