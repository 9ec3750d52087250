package ledger.report.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Collapses stored notifications into one line per transaction.
 *
 * <p>Rows are unique per notification already (the store deduplicates by event id); collapsing is what keeps a
 * two-stage payment's Authorized Pay and its Confirm, or a Check and its Pay, from showing or counting twice. The
 * deciding notification is chosen by {@link #precedence}: what happened last to the money wins.
 */
public final class ReportLines {

    private static final Comparator<ReportLine> ORDER = Comparator
            .comparing(ReportLine::time)
            .thenComparing(line -> line.transactionId() == null ? Long.MIN_VALUE : line.transactionId())
            .thenComparing(ReportLine::eventId);

    private ReportLines() {
    }

    /** One line per transaction, in time order. */
    public static List<ReportLine> of(final List<Payment> payments) {
        final Map<String, List<Payment>> byTransaction = new LinkedHashMap<>();
        for (final Payment payment : payments) {
            byTransaction.computeIfAbsent(payment.transactionKey(), k -> new ArrayList<>()).add(payment);
        }
        final List<ReportLine> lines = new ArrayList<>(byTransaction.size());
        for (final List<Payment> notifications : byTransaction.values()) {
            lines.add(line(notifications));
        }
        lines.sort(ORDER);
        return List.copyOf(lines);
    }

    private static ReportLine line(final List<Payment> notifications) {
        final Payment decisive = notifications.stream()
                .max(Comparator.comparingInt((Payment p) -> precedence(p.kind()))
                        .thenComparing(Payment::occurredAt)
                        .thenComparing(Payment::eventId))
                .orElseThrow();
        final Instant amendedAt = notifications.stream()
                .filter(Payment::amended)
                .map(Payment::ingestedAt)
                .max(Comparator.naturalOrder())
                .orElse(null);
        return new ReportLine(
                decisive.occurredAt(),
                decisive.eventId(),
                decisive.kind(),
                decisive.category(),
                decisive.status(),
                first(notifications, decisive, Payment::customerId),
                decisive.transactionId(),
                decisive.paymentTransactionId(),
                Cards.mask(first(notifications, decisive, Payment::cardFirstSix), first(notifications, decisive, Payment::cardLastFour)),
                first(notifications, decisive, Payment::cardType),
                // Refunds are sent as positive amounts; abs() keeps the refund column positive even if one is not.
                Math.abs(decisive.amountMinor()),
                first(notifications, decisive, Payment::currency),
                first(notifications, decisive, Payment::totalFeeMinor),
                decisive.reason(),
                decisive.testMode(),
                amendedAt != null,
                amendedAt);
    }

    /** The decisive notification's value, else the first other notification of the transaction that has one. */
    private static <T> T first(final List<Payment> notifications, final Payment decisive,
                               final Function<Payment, T> field) {
        final T own = field.apply(decisive);
        if (own != null) {
            return own;
        }
        return notifications.stream().map(field).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /**
     * Which notification of a transaction decides its line: a Cancel voids an authorization, a Confirm captures it,
     * a Pay settles a one-stage payment or authorizes a two-stage one, a Fail ends an attempt, a Check only precedes.
     */
    static int precedence(final Kind kind) {
        return switch (kind) {
            case CANCEL -> 7;
            case CONFIRM -> 6;
            case REFUND -> 5;
            case PAY -> 4;
            case FAIL -> 3;
            case RECURRENT -> 2;
            case CHECK -> 1;
            case OTHER -> 0;
        };
    }
}
