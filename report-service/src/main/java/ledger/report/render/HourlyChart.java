package ledger.report.render;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import ledger.report.domain.Category;
import ledger.report.domain.ReportLine;
import ledger.report.domain.Shift;
import ledger.report.domain.ShiftReport;

/**
 * The "payments by hour" chart as inline SVG, drawn on the server: no script, no library, nothing to fetch.
 *
 * <p>One slot per hour of the shift in the reader's zone, from the hour it opened to the hour it closed (or of its
 * last payment while open). Each hour with payments has one bar ({@code <g class="bar">}) whose height is the number
 * of lines of the payment list in that hour, live stacked under test, so the bars add up to the list. A shift
 * spanning more than {@value #MAX_SLOTS} hours shows only the hours that have payments.
 */
public final class HourlyChart {

    static final int MAX_SLOTS = 48;
    private static final int WIDTH = 960;
    private static final int HEIGHT = 240;
    private static final int LEFT = 44;
    private static final int RIGHT = 12;
    private static final int TOP = 22;
    private static final int BOTTOM = 42;
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd.MM");
    private static final DateTimeFormatter SLOT_ID = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** One hour: its start, and how many of the list's lines fall into it, live and test. */
    record Slot(ZonedDateTime start, int live, int test, Map<String, Long> liveTopUpsMinor) {

        int total() {
            return live + test;
        }
    }

    private HourlyChart() {
    }

    static List<Slot> slots(final ShiftReport report, final ZoneId zone) {
        final Map<Instant, List<ReportLine>> byHour = new TreeMap<>();
        for (final ReportLine line : report.lines()) {
            byHour.computeIfAbsent(hourOf(line.time(), zone).toInstant(), h -> new ArrayList<>()).add(line);
        }
        if (byHour.isEmpty()) {
            return List.of();
        }
        final Shift shift = report.shift();
        final Instant lastLine = report.lines().stream().map(ReportLine::time).max(Comparator.naturalOrder()).orElseThrow();
        final Instant firstLine = report.lines().stream().map(ReportLine::time).min(Comparator.naturalOrder()).orElseThrow();
        final Instant from = firstLine.isBefore(shift.openedAt()) ? firstLine : shift.openedAt();
        Instant to = shift.closedAt() == null ? lastLine : shift.closedAt().minusNanos(1);
        if (to.isBefore(lastLine)) {
            to = lastLine;
        }
        final ZonedDateTime first = hourOf(from, zone);
        final ZonedDateTime last = hourOf(to.isBefore(from) ? from : to, zone);
        final List<ZonedDateTime> hours = new ArrayList<>();
        if (ChronoUnit.HOURS.between(first, last) < MAX_SLOTS) {
            for (ZonedDateTime hour = first; !hour.isAfter(last); hour = hour.plusHours(1)) {
                hours.add(hour);
            }
        } else {
            byHour.keySet().forEach(hour -> hours.add(hour.atZone(zone)));
        }
        return hours.stream().map(hour -> slot(hour, byHour.getOrDefault(hour.toInstant(), List.of()))).toList();
    }

    /** The chart, or a sentence when the shift has no payments. */
    public static String svg(final ShiftReport report, final ZoneId zone) {
        final List<Slot> slots = slots(report, zone);
        if (slots.isEmpty()) {
            return "<p class=\"empty\">No payments in this shift.</p>";
        }
        final int max = slots.stream().mapToInt(Slot::total).max().orElse(1);
        final int step = Math.max(1, (int) Math.ceil(max / 4.0));
        final int top = step * (int) Math.ceil((double) max / step);
        final double plotWidth = WIDTH - LEFT - RIGHT;
        final double plotHeight = HEIGHT - TOP - BOTTOM;
        final double slotWidth = plotWidth / slots.size();
        final double barWidth = Math.min(48, slotWidth * 0.7);
        final int labelEvery = (int) Math.ceil(slots.size() / 16.0);
        final int withPayments = (int) slots.stream().filter(s -> s.total() > 0).count();

        final StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"Payments by hour: ").append(withPayments)
                .append(withPayments == 1 ? " hour" : " hours").append(" with payments, at most ").append(max)
                .append(" in one hour\" xmlns=\"http://www.w3.org/2000/svg\">");
        for (int value = 0; value <= top; value += step) {
            final double y = TOP + plotHeight - plotHeight * value / top;
            svg.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
                    .append("\" y1=\"").append(fmt(y)).append("\" y2=\"").append(fmt(y)).append("\"/>");
            svg.append("<text class=\"axis\" x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(y + 4))
                    .append("\" text-anchor=\"end\">").append(value).append("</text>");
        }
        for (int i = 0; i < slots.size(); i++) {
            final Slot slot = slots.get(i);
            final double center = LEFT + slotWidth * i + slotWidth / 2;
            if (slot.total() > 0) {
                bar(svg, slot, center - barWidth / 2, barWidth, plotHeight, top);
            }
            if (i % labelEvery == 0) {
                final double y = HEIGHT - BOTTOM + 16;
                svg.append("<text class=\"axis\" x=\"").append(fmt(center)).append("\" y=\"").append(fmt(y))
                        .append("\" text-anchor=\"middle\">").append(HOUR.format(slot.start())).append("</text>");
                if (i == 0 || slot.start().getHour() == 0) {
                    svg.append("<text class=\"axis day\" x=\"").append(fmt(center)).append("\" y=\"").append(fmt(y + 15))
                            .append("\" text-anchor=\"middle\">").append(DAY.format(slot.start())).append("</text>");
                }
            }
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private static void bar(final StringBuilder svg, final Slot slot, final double x, final double width,
                            final double plotHeight, final int top) {
        final double base = TOP + plotHeight;
        final double liveHeight = plotHeight * slot.live() / top;
        final double testHeight = plotHeight * slot.test() / top;
        final ZonedDateTime end = slot.start().plusHours(1);
        final StringBuilder title = new StringBuilder()
                .append(HOUR.format(slot.start())).append('–').append(HOUR.format(end)).append(": ")
                .append(slot.total()).append(slot.total() == 1 ? " payment" : " payments")
                .append(" (").append(slot.live()).append(" live, ").append(slot.test()).append(" test)");
        slot.liveTopUpsMinor().forEach((currency, minor) ->
                title.append("; live top-ups ").append(Display.amount(minor, currency)).append(' ').append(currency));
        svg.append("<g class=\"bar\" data-hour=\"").append(SLOT_ID.format(slot.start()))
                .append("\" data-count=\"").append(slot.total()).append("\">")
                .append("<title>").append(Html.escape(title.toString())).append("</title>");
        if (slot.live() > 0) {
            svg.append("<rect class=\"live\" x=\"").append(fmt(x)).append("\" y=\"").append(fmt(base - liveHeight))
                    .append("\" width=\"").append(fmt(width)).append("\" height=\"").append(fmt(liveHeight)).append("\"/>");
        }
        if (slot.test() > 0) {
            svg.append("<rect class=\"test\" x=\"").append(fmt(x)).append("\" y=\"").append(fmt(base - liveHeight - testHeight))
                    .append("\" width=\"").append(fmt(width)).append("\" height=\"").append(fmt(testHeight)).append("\"/>");
        }
        svg.append("<text class=\"count\" x=\"").append(fmt(x + width / 2)).append("\" y=\"")
                .append(fmt(base - liveHeight - testHeight - 5)).append("\" text-anchor=\"middle\">")
                .append(slot.total()).append("</text></g>");
    }

    private static Slot slot(final ZonedDateTime start, final List<ReportLine> lines) {
        int live = 0;
        int test = 0;
        final Map<String, Long> topUps = new TreeMap<>();
        for (final ReportLine line : lines) {
            if (line.test()) {
                test++;
            } else {
                live++;
                if (line.category() == Category.TOP_UP) {
                    topUps.merge(Display.currency(line), line.amountMinor(), Math::addExact);
                }
            }
        }
        return new Slot(start, live, test, topUps);
    }

    private static ZonedDateTime hourOf(final Instant instant, final ZoneId zone) {
        return instant.atZone(zone).truncatedTo(ChronoUnit.HOURS);
    }

    private static String fmt(final double value) {
        return String.format(java.util.Locale.ROOT, "%.1f", value);
    }
}
