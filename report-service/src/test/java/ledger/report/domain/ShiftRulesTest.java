package ledger.report.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import ledger.report.domain.ShiftRules.CloseCheck;
import ledger.report.domain.ShiftRules.OpenCheck;
import org.junit.jupiter.api.Test;

/** A club has at most one shift at any moment; shift times are neither reversed nor in the future. */
class ShiftRulesTest {

    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final Shift CLOSED = new Shift("org", "s1", "club", NOW.minusSeconds(7_200), NOW.minusSeconds(3_600), null, null);
    private static final Shift OPEN = new Shift("org", "s2", "club", NOW.minusSeconds(600), null, null, null);

    @Test
    void opensWhenTheClubHasNoRunningShift() {
        assertThat(ShiftRules.checkOpen(false, List.of(), NOW, NOW)).isEqualTo(OpenCheck.ALLOWED);
        // Half-open ranges: a shift may open the instant the previous one closed.
        assertThat(ShiftRules.checkOpen(false, List.of(), CLOSED.closedAt(), NOW)).isEqualTo(OpenCheck.ALLOWED);
    }

    @Test
    void refusesASecondOpenShift() {
        assertThat(ShiftRules.checkOpen(false, List.of(OPEN), NOW, NOW)).isEqualTo(OpenCheck.CLUB_HAS_OPEN_SHIFT);
    }

    @Test
    void refusesAnOpeningBackdatedIntoAClosedShift() {
        assertThat(ShiftRules.checkOpen(false, List.of(CLOSED), CLOSED.openedAt().plusSeconds(1), NOW))
                .isEqualTo(OpenCheck.OVERLAPS_CLOSED_SHIFT);
    }

    @Test
    void refusesAReusedShiftIdAndTheFuture() {
        assertThat(ShiftRules.checkOpen(true, List.of(), NOW, NOW)).isEqualTo(OpenCheck.SHIFT_ID_TAKEN);
        assertThat(ShiftRules.checkOpen(false, List.of(), NOW.plusSeconds(3_600), NOW)).isEqualTo(OpenCheck.IN_FUTURE);
        assertThat(ShiftRules.checkOpen(false, List.of(), NOW.plusSeconds(60), NOW)).isEqualTo(OpenCheck.ALLOWED);
    }

    @Test
    void closesOnlyAKnownOpenShiftAfterItOpened() {
        assertThat(ShiftRules.checkClose(Optional.of(OPEN), NOW, NOW)).isEqualTo(CloseCheck.ALLOWED);
        assertThat(ShiftRules.checkClose(Optional.empty(), NOW, NOW)).isEqualTo(CloseCheck.UNKNOWN_SHIFT);
        assertThat(ShiftRules.checkClose(Optional.of(CLOSED), NOW, NOW)).isEqualTo(CloseCheck.ALREADY_CLOSED);
        assertThat(ShiftRules.checkClose(Optional.of(OPEN), OPEN.openedAt().minusSeconds(1), NOW)).isEqualTo(CloseCheck.BEFORE_OPENING);
        assertThat(ShiftRules.checkClose(Optional.of(OPEN), NOW.plusSeconds(3_600), NOW)).isEqualTo(CloseCheck.IN_FUTURE);
    }
}
