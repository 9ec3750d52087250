package ledger.balance.domain;

import static ledger.balance.domain.Events.authorize;
import static ledger.balance.domain.Events.cancel;
import static ledger.balance.domain.Events.confirm;
import static ledger.balance.domain.Events.pay;
import static ledger.balance.domain.Events.refund;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import ledger.events.PaymentEvent;
import ledger.events.PaymentState;
import ledger.events.Posting;
import org.junit.jupiter.api.Test;

/** The money rule without Kafka: every outcome, and the amounts it posts. */
class PaymentRulesTest {

    @Test
    void aCompletedPayCreditsItsAmountOnce() {
        final PaymentDecision first = PaymentRules.apply(null, pay("org", "c1", 100, 10_000));
        assertThat(first.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(first.postings()).extracting(Posting::getAmountMinor).containsExactly(10_000L);
        assertThat(first.postings().get(0).getCustomerId()).isEqualTo("c1");

        final PaymentDecision again = PaymentRules.apply(first.state(), pay("org", "c1", 100, 10_000));
        assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(again.postings()).isEmpty();
        assertThat(again.state().getDuplicates()).isEqualTo(1);
    }

    @Test
    void theSameTransactionWithAnotherAmountIsAConflictAndChangesNothing() {
        final PaymentState credited = PaymentRules.apply(null, pay("org", "c1", 100, 10_000)).state();
        final PaymentDecision conflict = PaymentRules.apply(credited, pay("org", "c1", 100, 99_999));
        assertThat(conflict.outcome()).isEqualTo(Outcome.CONFLICT);
        assertThat(conflict.postings()).isEmpty();
        assertThat(conflict.flags()).singleElement().satisfies(f -> assertThat(f.reason()).isEqualTo(Outcome.CONFLICT));
        assertThat(conflict.state()).isEqualTo(credited);
    }

    @Test
    void theSameTransactionForAnotherCustomerIsAConflict() {
        final PaymentState credited = PaymentRules.apply(null, pay("org", "c1", 100, 10_000)).state();
        assertThat(PaymentRules.apply(credited, pay("org", "c2", 100, 10_000)).outcome()).isEqualTo(Outcome.CONFLICT);
    }

    @Test
    void aTwoStagePaymentCreditsOnConfirmOnly() {
        final PaymentDecision auth = PaymentRules.apply(null, authorize("org", "c1", 200, 5_000));
        assertThat(auth.outcome()).isEqualTo(Outcome.NO_BALANCE_CHANGE);
        assertThat(auth.postings()).isEmpty();
        final PaymentDecision confirmed = PaymentRules.apply(auth.state(), confirm("org", "c1", 200, 5_000));
        assertThat(confirmed.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(confirmed.postings()).extracting(Posting::getAmountMinor).containsExactly(5_000L);
    }

    @Test
    void aCancelledAuthorizationCreditsNothingAndACancelAfterCreditIsFlagged() {
        final PaymentDecision auth = PaymentRules.apply(null, authorize("org", "c1", 300, 5_000));
        final PaymentDecision cancelled = PaymentRules.apply(auth.state(), cancel("org", 300, 5_000));
        assertThat(cancelled.outcome()).isEqualTo(Outcome.NO_BALANCE_CHANGE);
        assertThat(PaymentRules.apply(cancelled.state(), confirm("org", "c1", 300, 5_000)).outcome()).isEqualTo(Outcome.CONFLICT);

        final PaymentState credited = PaymentRules.apply(null, pay("org", "c1", 301, 5_000)).state();
        assertThat(PaymentRules.apply(credited, cancel("org", 301, 5_000)).outcome()).isEqualTo(Outcome.CONFLICT);
    }

    @Test
    void aConfirmOfAOneStagePaymentIsAConflictAndTheCreditHappensOnce() {
        final PaymentState credited = PaymentRules.apply(null, pay("org", "c1", 400, 5_000)).state();
        final PaymentDecision confirm = PaymentRules.apply(credited, confirm("org", "c1", 400, 5_000));
        assertThat(confirm.outcome()).isEqualTo(Outcome.CONFLICT);
        assertThat(confirm.postings()).isEmpty();
        assertThat(confirm.flags()).singleElement().satisfies(f -> assertThat(f.detail()).contains("org:CONFIRM:400", "org:PAY:400"));
    }

    @Test
    void refundsDebitUpToWhatIsLeftAndAnOverRefundIsFlagged() {
        PaymentState state = PaymentRules.apply(null, pay("org", "c1", 500, 10_000)).state();
        final PaymentDecision partial = PaymentRules.apply(state, refund("org", null, 501, 500, 4_000));
        assertThat(partial.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(partial.postings()).extracting(Posting::getAmountMinor).containsExactly(-4_000L);
        assertThat(partial.postings().get(0).getCustomerId()).isEqualTo("c1");
        assertThat(partial.postings().get(0).getCurrency()).isEqualTo("RUB");
        state = partial.state();

        final PaymentDecision over = PaymentRules.apply(state, refund("org", null, 502, 500, 6_001));
        assertThat(over.outcome()).isEqualTo(Outcome.OVER_REFUND);
        assertThat(over.postings()).isEmpty();

        final PaymentDecision rest = PaymentRules.apply(state, refund("org", null, 503, 500, 6_000));
        assertThat(rest.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(rest.state().getRefundedMinor()).isEqualTo(10_000);
        assertThat(PaymentRules.apply(rest.state(), refund("org", null, 503, 500, 6_000)).outcome()).isEqualTo(Outcome.DUPLICATE);
    }

    @Test
    void aRefundBeforeItsPaymentIsHeldAndAppliedRightAfterTheCredit() {
        final PaymentDecision held = PaymentRules.apply(null, refund("org", null, 601, 600, 3_000));
        assertThat(held.outcome()).isEqualTo(Outcome.HELD);
        assertThat(held.postings()).isEmpty();
        assertThat(PaymentRules.apply(held.state(), refund("org", null, 601, 600, 3_000)).outcome()).isEqualTo(Outcome.DUPLICATE);

        final PaymentDecision credited = PaymentRules.apply(held.state(), pay("org", "c1", 600, 10_000));
        assertThat(credited.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(credited.postings()).extracting(Posting::getAmountMinor).containsExactly(10_000L, -3_000L);
        assertThat(credited.state().getHeldRefunds()).isEmpty();
    }

    @Test
    void eventsMissingWhatTheLedgerNeedsAreInvalid() {
        final PaymentEvent noCustomer = Events.base("org", ledger.events.NotificationKind.PAY, 700, null, 100).setStatus("Completed").build();
        assertThat(PaymentRules.apply(null, noCustomer).outcome()).isEqualTo(Outcome.INVALID);
        assertThat(PaymentRules.apply(null, pay("org", "c1", 702, 0)).outcome()).isEqualTo(Outcome.INVALID);
    }

    /**
     * A Check says the amount and status its Pay will have, so its body posted to the Pay URL after the Pay has the
     * Pay's fingerprint. It lacks what every Pay carries (GatewayName, AuthCode): flagged, not taken for a redelivery.
     */
    @Test
    void aChecksBodyPostedToThePayUrlAfterThePayIsFlaggedNotTakenForARedelivery() {
        final PaymentState checked = PaymentRules.apply(null, Events.check("org", "c1", 900, 10_000, 0)).state();
        final PaymentState credited = PaymentRules.apply(checked, pay("org", "c1", 900, 10_000)).state();
        final PaymentEvent checkBodyAtPayUrl = PaymentEvent.newBuilder(Events.check("org", "c1", 900, 10_000, 0))
                .setKind(ledger.events.NotificationKind.PAY).setEventId("org:PAY:900").setCheckCode(null).build();

        final PaymentDecision repost = PaymentRules.apply(credited, checkBodyAtPayUrl);

        assertThat(repost.outcome()).isEqualTo(Outcome.CONFLICT);
        assertThat(repost.postings()).isEmpty();
        assertThat(repost.flags()).singleElement().satisfies(f -> assertThat(f.detail()).contains("neither GatewayName nor AuthCode"));
        assertThat(repost.state()).isEqualTo(credited);
        // The genuine Pay delivered again is still a duplicate.
        assertThat(PaymentRules.apply(credited, pay("org", "c1", 900, 10_000)).outcome()).isEqualTo(Outcome.DUPLICATE);
    }

    @Test
    void testModeFlagTravelsWithTheMoney() {
        final PaymentEvent testPay = PaymentEvent.newBuilder(pay("org", "c1", 800, 100)).setTestMode(true).build();
        final List<Posting> postings = PaymentRules.apply(null, testPay).postings();
        assertThat(postings).singleElement().satisfies(p -> assertThat(p.getTestMode()).isTrue());
    }
}
