package dev.nightjar.sensor.syscalls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.sensor.btf.BpfObjectTypes;
import dev.nightjar.sensor.btf.KernelBtf;
import org.junit.jupiter.api.Test;

/** SyscallRecords' offsets are the ones clang gave the structs in bpf/syscalls.bpf.c. */
class SyscallRecordsLayoutTest {

    @Test
    void spanOffsetsMatchTheCompiledObject() {
        KernelBtf.StructType span = BpfObjectTypes.struct(SyscallCollector.OBJECT, "nj_sys_span");
        assertThat(span.byteSize()).isEqualTo(SyscallRecords.SPAN_SIZE);
        assertThat(span.offsetOf("pid")).isEqualTo(SyscallRecords.SPAN_PID);
        assertThat(span.offsetOf("tid")).isEqualTo(SyscallRecords.SPAN_TID);
        assertThat(span.offsetOf("nr")).isEqualTo(SyscallRecords.SPAN_NR);
        assertThat(span.offsetOf("start_ns")).isEqualTo(SyscallRecords.SPAN_START);
        assertThat(span.offsetOf("duration_ns")).isEqualTo(SyscallRecords.SPAN_DURATION);
        assertThat(span.offsetOf("ret")).isEqualTo(SyscallRecords.SPAN_RET);
        assertThat(span.offsetOf("arg0")).isEqualTo(SyscallRecords.SPAN_ARG0);
        assertThat(span.offsetOf("cgroup_id")).isEqualTo(SyscallRecords.SPAN_CGROUP);
        assertThat(span.offsetOf("comm")).isEqualTo(SyscallRecords.SPAN_COMM);
    }

    @Test
    void histogramKeyAndStatsOffsetsMatchTheCompiledObject() {
        KernelBtf.StructType key = BpfObjectTypes.struct(SyscallCollector.OBJECT, "nj_sys_key");
        assertThat(key.byteSize()).isEqualTo(SyscallRecords.KEY_SIZE);
        assertThat(key.offsetOf("pid")).isEqualTo(SyscallRecords.KEY_PID);
        assertThat(key.offsetOf("nr")).isEqualTo(SyscallRecords.KEY_NR);

        KernelBtf.StructType stats = BpfObjectTypes.struct(SyscallCollector.OBJECT, "nj_sys_stats");
        assertThat(stats.byteSize()).isEqualTo(SyscallRecords.STATS_SIZE);
        assertThat(stats.offsetOf("count")).isEqualTo(SyscallRecords.STATS_COUNT);
        assertThat(stats.offsetOf("errors")).isEqualTo(SyscallRecords.STATS_ERRORS);
        assertThat(stats.offsetOf("total_ns")).isEqualTo(SyscallRecords.STATS_TOTAL);
        assertThat(stats.offsetOf("cgroup_id")).isEqualTo(SyscallRecords.STATS_CGROUP);
        assertThat(stats.offsetOf("comm")).isEqualTo(SyscallRecords.STATS_COMM);
        assertThat(stats.offsetOf("buckets")).isEqualTo(SyscallRecords.STATS_BUCKETS);
    }

    @Test
    void theConfigWrittenByTheCollectorMatchesTheCompiledObject() {
        KernelBtf.StructType cfg = BpfObjectTypes.struct(SyscallCollector.OBJECT, "nj_sys_config");
        assertThat(cfg.byteSize()).isEqualTo(SyscallRecords.CONFIG_SIZE);
        assertThat(cfg.offsetOf("threshold_ns")).isEqualTo(SyscallRecords.CONFIG_THRESHOLD);
        assertThat(cfg.offsetOf("self_tgid")).isEqualTo(SyscallRecords.CONFIG_SELF);
        assertThat(cfg.offsetOf("enabled")).isEqualTo(SyscallRecords.CONFIG_ENABLED);
        assertThat(cfg.offsetOf("by_nr")).isEqualTo(SyscallRecords.CONFIG_BY_NR);
        assertThat(cfg.offsetOf("whole_node")).isEqualTo(SyscallRecords.CONFIG_WHOLE_NODE);
        assertThat(cfg.offsetOf("cgroup_depths")).isEqualTo(SyscallRecords.CONFIG_CGROUP_DEPTHS);
    }

    @Test
    void onlyRawReturnValuesInTheErrnoRangeAreErrors() {
        assertThat(SyscallRecords.errno(-2)).isEqualTo(2);
        assertThat(SyscallRecords.errno(-4095)).isEqualTo(4095);
        assertThat(SyscallRecords.errno(-4096)).isZero(); // e.g. an mmap address, not an error
        assertThat(SyscallRecords.errno(0)).isZero();
        assertThat(SyscallRecords.errno(17)).isZero();
    }
}
