package dev.nightjar.sensor.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OnlineCpusTest {

    @Test
    void rangesAndSingleCpusAreExpanded() {
        assertThat(OnlineCpus.parse("0-3,6,8-9\n")).containsExactly(0, 1, 2, 3, 6, 8, 9);
        assertThat(OnlineCpus.parse("0")).containsExactly(0);
    }

    @Test
    void aBadListSaysWhichPartIsWrong() {
        assertThatThrownBy(() -> OnlineCpus.parse("0-1,x")).hasMessageContaining("'x'");
        assertThatThrownBy(() -> OnlineCpus.parse("3-1")).hasMessageContaining("'3-1'");
        assertThatThrownBy(() -> OnlineCpus.parse(" ")).hasMessageContaining("empty");
    }
}
