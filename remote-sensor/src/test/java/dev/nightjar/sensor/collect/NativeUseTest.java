package dev.nightjar.sensor.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NativeUseTest {

    private final AtomicInteger releases = new AtomicInteger();
    private final NativeUse use = new NativeUse(releases::incrementAndGet);

    @Test
    void withNobodyInsideFreeReleasesAtOnceAndOnlyOnce() {
        assertThat(use.free()).isTrue();
        assertThat(use.free()).isTrue();
        assertThat(releases).hasValue(1);
        assertThat(use.enter()).as("no job enters once freed").isFalse();
    }

    @Test
    void theLastJobOutReleasesWhenFreeWasCalledWhileInside() {
        assertThat(use.enter()).isTrue();
        assertThat(use.enter()).isTrue();
        assertThat(use.free()).isFalse();
        assertThat(use.enter()).as("no job enters once freeing began").isFalse();
        use.exit();
        assertThat(releases).as("one job still inside").hasValue(0);
        use.exit();
        assertThat(releases).hasValue(1);
        assertThat(use.free()).isTrue();
        assertThat(releases).hasValue(1);
    }

    @Test
    void jobsBeforeFreeDoNotRelease() {
        assertThat(use.enter()).isTrue();
        use.exit();
        assertThat(releases).hasValue(0);
    }
}
