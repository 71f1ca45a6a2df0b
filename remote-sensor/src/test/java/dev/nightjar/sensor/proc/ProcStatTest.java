package dev.nightjar.sensor.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcStatTest {

    @Test
    void splitsAfterTheLastParenthesisSoAnyCommandNameWorks() {
        ProcStat stat = ProcStat.parse("77 (a) b (c)) S 12 77 77 0 -1 4194560 1 0 0 0 31 7 0 0 20 0 1 0 98765 0 0\n");
        assertThat(stat).isEqualTo(new ProcStat(77, "a) b (c)", 12, 31, 7, 98765));
        assertThat(stat.cpuTimeNanos()).isEqualTo(380_000_000L);
    }

    @Test
    void readsThisProcess() throws Exception {
        ProcStat stat = ProcStat.parse(Files.readString(Path.of("/proc/self/stat")));
        assertThat((long) stat.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat((long) stat.ppid()).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
    }

    @Test
    void aMalformedLineSaysWhatItGot() {
        assertThatThrownBy(() -> ProcStat.parse("hello")).hasMessageContaining("not a /proc/PID/stat line: hello");
        assertThatThrownBy(() -> ProcStat.parse("1 (x) S 0 1"))
                .hasMessageContaining("fields after the command name");
    }
}
