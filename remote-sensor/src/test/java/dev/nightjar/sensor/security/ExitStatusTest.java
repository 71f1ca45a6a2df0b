package dev.nightjar.sensor.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The kernel's exit_code (wait(2)'s status encoding) in words. */
class ExitStatusTest {

    @Test
    void anExitCodeASignalAndACoreDumpReadAsSuch() {
        assertThat(SecurityCollector.exitStatus(0)).isEqualTo("exit code 0");
        assertThat(SecurityCollector.exitStatus(3 << 8)).isEqualTo("exit code 3");
        assertThat(SecurityCollector.exitStatus(9)).isEqualTo("killed by signal 9");
        assertThat(SecurityCollector.exitStatus(0x80 | 11)).isEqualTo("killed by signal 11 (core dumped)");
    }
}
