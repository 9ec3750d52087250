package ledger.operator.reconcile;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.events.NotificationKind;
import ledger.events.PaymentEvent;

/** Test access to the list parser and the injected event. */
public final class ReconciliationProbe {

    private ReconciliationProbe() {
    }

    public static CloudPaymentsList.Transaction parse(final JsonNode json) {
        return CloudPaymentsList.transaction(json);
    }

    public static PaymentEvent injection(final String orgId, final NotificationKind kind, final CloudPaymentsList.Transaction t,
                                         final long amountMinor, final Instant now) {
        return Reconciliation.injection(orgId, kind, t, amountMinor, now);
    }
}
