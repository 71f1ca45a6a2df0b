package dev.nightjar.sensor.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.sensor.btf.BpfObjectTypes;
import dev.nightjar.sensor.btf.KernelBtf;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** ProfileRecords' offsets are the ones clang gave the structs in bpf/profile.bpf.c. */
class ProfileRecordsLayoutTest {

    @Test
    void keyValueFirstSightAndConfigMatchTheCompiledObject() {
        KernelBtf.StructType key = BpfObjectTypes.struct(ProfileCollector.OBJECT, "nj_prof_key");
        assertThat(key.byteSize()).isEqualTo(ProfileRecords.KEY_BYTES);
        assertThat(key.offsetOf("tgid")).isEqualTo(ProfileRecords.KEY_TGID);
        assertThat(key.offsetOf("user_stack_id")).isEqualTo(ProfileRecords.KEY_USER_STACK);
        assertThat(key.offsetOf("kernel_stack_id")).isEqualTo(ProfileRecords.KEY_KERNEL_STACK);
        assertThat(key.offsetOf("cgroup_id")).isEqualTo(ProfileRecords.KEY_CGROUP);

        KernelBtf.StructType value = BpfObjectTypes.struct(ProfileCollector.OBJECT, "nj_prof_value");
        assertThat(value.byteSize()).isEqualTo(ProfileRecords.VALUE_BYTES);
        assertThat(value.offsetOf("count")).isEqualTo(ProfileRecords.VALUE_COUNT);
        assertThat(value.offsetOf("comm")).isEqualTo(ProfileRecords.VALUE_COMM);

        KernelBtf.StructType first = BpfObjectTypes.struct(ProfileCollector.OBJECT, "nj_prof_first_sight");
        assertThat(first.byteSize()).isEqualTo(ProfileRecords.FIRST_SIGHT_BYTES);
        assertThat(first.offsetOf("tgid")).isEqualTo(ProfileRecords.FIRST_SIGHT_TGID);

        KernelBtf.StructType cfg = BpfObjectTypes.struct(ProfileCollector.OBJECT, "nj_prof_config");
        assertThat(cfg.byteSize()).isEqualTo(ProfileRecords.CONFIG_BYTES);
        assertThat(cfg.offsetOf("enabled")).isEqualTo(ProfileRecords.CONFIG_ENABLED);
        assertThat(cfg.offsetOf("slot")).isEqualTo(ProfileRecords.CONFIG_SLOT);
        assertThat(cfg.offsetOf("include_idle")).isEqualTo(ProfileRecords.CONFIG_INCLUDE_IDLE);
        assertThat(cfg.offsetOf("cgroup_depths")).isEqualTo(ProfileRecords.CONFIG_CGROUP_DEPTHS);
    }

    @Test
    void aStackEndsAtTheFirstZeroAddress() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(ProfileRecords.MAX_STACK_DEPTH * 8L, 8);
            value.setAtIndex(ValueLayout.JAVA_LONG, 0, 0x401234L);
            value.setAtIndex(ValueLayout.JAVA_LONG, 1, 0x401300L);
            assertThat(ProfileRecords.stack(value)).containsExactly(0x401234L, 0x401300L);
        }
    }
}
