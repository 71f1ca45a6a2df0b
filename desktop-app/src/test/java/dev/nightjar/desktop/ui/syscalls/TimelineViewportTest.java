package dev.nightjar.desktop.ui.syscalls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TimelineViewportTest {

    private static final long T0 = 1_764_000_000_000_000_000L;

    private static TimelineViewport viewport(long from, long to, double width) {
        TimelineViewport v = new TimelineViewport();
        v.setWidth(width);
        v.fit(from, to);
        return v;
    }

    @Test
    void fitShowsTheWholeRangeWithAMargin() {
        TimelineViewport v = viewport(T0, T0 + 1_000_000_000L, 1000);
        assertThat(v.xOf(T0)).isBetween(1.0, 50.0);
        assertThat(v.xOf(T0 + 1_000_000_000L)).isBetween(950.0, 999.0);
    }

    @Test
    void zoomKeepsTheInstantUnderThePointerInPlace() {
        TimelineViewport v = viewport(T0, T0 + 1_000_000_000L, 1000);
        long under = v.nsAt(300);
        v.zoom(4, 300);
        assertThat(v.nsAt(300)).isCloseTo(under, within(1_000L));
        assertThat(v.spanNs()).isLessThan(300_000_000L);
        v.zoom(1e12, 300);
        assertThat(v.spanNs()).as("zoom stops at 1 µs across").isEqualTo(TimelineViewport.MIN_SPAN_NS);
    }

    @Test
    void panningMovesTheContentWithTheMouse() {
        TimelineViewport v = viewport(T0, T0 + 1_000_000_000L, 1000);
        double before = v.xOf(T0 + 500_000_000L);
        v.pan(100);
        assertThat(v.xOf(T0 + 500_000_000L)).isCloseTo(before + 100, within(0.5));
    }

    @Test
    void centreOnPutsAnInstantInTheMiddle() {
        TimelineViewport v = viewport(T0, T0 + 1_000_000_000L, 800);
        v.centreOn(T0 + 10_000_000L);
        assertThat(v.xOf(T0 + 10_000_000L)).isCloseTo(400, within(0.5));
    }

    @Test
    void ticksAreRoundStepsAtLeastTheGapApart() {
        TimelineViewport v = viewport(T0, T0 + 1_000_000_000L, 1000);
        long step = v.tickStep(100);
        assertThat(step).isEqualTo(200_000_000L);
        assertThat(v.ticks(step)).isNotEmpty().allSatisfy(t -> assertThat(t % step).isZero());
        assertThat(v.ticks(step)).allSatisfy(t -> assertThat(v.xOf(t)).isBetween(0.0, 1000.0));
    }
}
