package ledger.report.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import ledger.events.NotificationKind;
import ledger.events.OrgMode;
import ledger.events.PaymentEvent;
import ledger.report.TestKit;
import ledger.report.persistence.PaymentRow;
import org.junit.jupiter.api.Test;

/** The row the sink stores for an event: what the report needs to tell payouts and test payments while live apart. */
class EventRowsTest {

    private static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");

    @Test
    void storesTheOperationTypeAndTheOrganizationsModeAsSent() {
        final PaymentEvent payout = TestKit.payment("org-1", NotificationKind.PAY, 1, "cust-1", "club-1", 20_000, "RUB", T0)
                .setStatus("Completed").setOperationType("CardPayout").setOrgMode(OrgMode.LIVE).build();
        final PaymentEvent testWhileLive = TestKit.payment("org-1", NotificationKind.PAY, 2, "cust-1", "club-1", 5_000, "RUB", T0)
                .setStatus("Completed").setTestMode(true).setOperationType("Payment").setOrgMode(OrgMode.LIVE).build();

        assertThat(EventRows.payment(payout)).extracting(PaymentRow::operationType, PaymentRow::orgMode, PaymentRow::testMode)
                .containsExactly("CardPayout", "LIVE", false);
        assertThat(EventRows.payment(testWhileLive)).extracting(PaymentRow::operationType, PaymentRow::orgMode, PaymentRow::testMode)
                .containsExactly("Payment", "LIVE", true);
    }

    @Test
    void anEventWrittenBeforeModesExistedHasNoneStored() {
        final PaymentEvent old = TestKit.payment("org-1", NotificationKind.PAY, 3, "cust-1", "club-1", 1_000, "RUB", T0)
                .setStatus("Completed").build();

        assertThat(EventRows.payment(old)).extracting(PaymentRow::operationType, PaymentRow::orgMode).containsExactly(null, null);
    }
}
