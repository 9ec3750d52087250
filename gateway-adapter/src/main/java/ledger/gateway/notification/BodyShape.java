package ledger.gateway.notification;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import ledger.events.NotificationKind;

/**
 * Whether a notification's body looks like the type its URL names. The type comes from the URL, which
 * CloudPayments does not sign (PROTOCOL.md §1, §4.1): a genuine, correctly signed Fail body replayed to the Pay URL
 * passes the signature check. Such a body still gives itself away by fields only another type carries, and this
 * class names them.
 *
 * <p>Distinctive fields (PROTOCOL.md §2): Fail-only {@code Reason, ReasonCode, RetryAfter, ProviderMessage};
 * Refund-only {@code PaymentTransactionId}; Check-only {@code TokenRecipient}; Recurrent-only {@code Id, Interval,
 * Period, StartDate, RequireConfirmation, SuccessfulTransactionsNumber, FailedTransactionsNumber, MaxPeriods,
 * NextTransactionDate, LastTransactionDate}; Pay-only {@code GatewayName, AuthCode, TotalFee}. Which of them are
 * foreign depends on the URL's type: a Check may carry none of Fail's, Refund's, Recurrent's or Pay's; Pay and
 * Confirm none of Fail's, Refund's, Check's or Recurrent's (Confirm may carry AuthCode); Fail none of Refund's,
 * Check's or Recurrent's; Refund none of Fail's, Check's or Recurrent's; Cancel none of any other type's. Recurrent
 * is not checked: a body of another type lacks the subscription Id and counters a Recurrent requires, so
 * {@link NotificationMapper} refuses it before this matters.
 *
 * <p>A field counts only when its value is non-empty: CloudPayments sends empty optional fields, and empty is the
 * same as absent ({@link NotificationForm}). The verdict is a pure function of the URL's type and the field names;
 * values are never looked at, so the message is safe to log.
 */
public final class BodyShape {

    /** A type's distinctive fields, in the order a message names them. */
    private enum Distinctive {
        CHECK("Check", "TokenRecipient"),
        PAY("Pay", "GatewayName", "AuthCode", "TotalFee"),
        FAIL("Fail", "Reason", "ReasonCode", "RetryAfter", "ProviderMessage"),
        REFUND("Refund", "PaymentTransactionId"),
        RECURRENT("Recurrent", "Id", "Interval", "Period", "StartDate", "RequireConfirmation", "SuccessfulTransactionsNumber",
                "FailedTransactionsNumber", "MaxPeriods", "NextTransactionDate", "LastTransactionDate");

        private final String typeName;
        private final List<String> fields;

        Distinctive(final String typeName, final String... fields) {
            this.typeName = typeName;
            this.fields = List.of(fields);
        }
    }

    private static final Map<NotificationKind, Set<Distinctive>> FOREIGN = foreignByKind();

    private BodyShape() {
    }

    /**
     * Why a body that arrived on {@code urlKind}'s URL does not look like one, e.g.
     * {@code a Pay body carrying Reason, ReasonCode (fields of a Fail)}; empty when it does.
     */
    public static Optional<String> mismatch(final NotificationKind urlKind, final NotificationForm form) {
        Objects.requireNonNull(urlKind, "urlKind");
        Objects.requireNonNull(form, "form");
        final List<String> offences = new ArrayList<>();
        for (final Distinctive other : FOREIGN.get(urlKind)) {
            final List<String> carried = other.fields.stream().filter(form::has).toList();
            if (!carried.isEmpty()) {
                offences.add(String.join(", ", carried) + (carried.size() == 1 ? " (a field of a " : " (fields of a ") + other.typeName + ")");
            }
        }
        if (offences.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("a " + typeName(urlKind) + " body carrying " + String.join(" and ", offences));
    }

    private static String typeName(final NotificationKind kind) {
        final String name = kind.name();
        return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
    }

    private static Map<NotificationKind, Set<Distinctive>> foreignByKind() {
        final Map<NotificationKind, Set<Distinctive>> foreign = new EnumMap<>(NotificationKind.class);
        foreign.put(NotificationKind.CHECK, EnumSet.of(Distinctive.FAIL, Distinctive.REFUND, Distinctive.RECURRENT, Distinctive.PAY));
        foreign.put(NotificationKind.PAY, EnumSet.of(Distinctive.FAIL, Distinctive.REFUND, Distinctive.CHECK, Distinctive.RECURRENT));
        foreign.put(NotificationKind.CONFIRM, EnumSet.of(Distinctive.FAIL, Distinctive.REFUND, Distinctive.CHECK, Distinctive.RECURRENT));
        foreign.put(NotificationKind.FAIL, EnumSet.of(Distinctive.REFUND, Distinctive.CHECK, Distinctive.RECURRENT));
        foreign.put(NotificationKind.REFUND, EnumSet.of(Distinctive.FAIL, Distinctive.CHECK, Distinctive.RECURRENT));
        foreign.put(NotificationKind.CANCEL, EnumSet.of(Distinctive.FAIL, Distinctive.REFUND, Distinctive.CHECK, Distinctive.RECURRENT,
                Distinctive.PAY));
        foreign.put(NotificationKind.RECURRENT, EnumSet.noneOf(Distinctive.class));
        for (final NotificationKind kind : NotificationKind.values()) {
            if (!foreign.containsKey(kind)) {
                throw new IllegalStateException("no foreign fields defined for " + kind);
            }
        }
        return foreign;
    }
}
