package dev.nightjar.sensor.drops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.sensor.btf.BpfObjectTypes;
import dev.nightjar.sensor.btf.KernelBtf;
import org.junit.jupiter.api.Test;

/** DropRecord's offsets are the ones clang gave the structs in bpf/drop_reasons.bpf.c. */
class DropRecordLayoutTest {

    @Test
    void keyAndValueOffsetsMatchTheCompiledObject() {
        KernelBtf.StructType key = BpfObjectTypes.struct(DropCollector.OBJECT, "nj_drop_key");
        assertThat(key.byteSize()).isEqualTo(DropRecord.KEY_SIZE);
        assertThat(key.offsetOf("tuple")).isZero();
        assertThat(key.offsetOf("location")).isEqualTo(DropRecord.LOCATION);
        assertThat(key.offsetOf("reason")).isEqualTo(DropRecord.REASON);
        assertThat(key.offsetOf("ifindex")).isEqualTo(DropRecord.IFINDEX);
        assertThat(key.offsetOf("netns")).isEqualTo(DropRecord.NETNS);

        KernelBtf.StructType value = BpfObjectTypes.struct(DropCollector.OBJECT, "nj_drop_value");
        assertThat(value.byteSize()).isEqualTo(DropRecord.VALUE_SIZE);
        assertThat(value.offsetOf("count")).isEqualTo(DropRecord.COUNT);
        assertThat(value.offsetOf("first_ns")).isEqualTo(DropRecord.FIRST_NS);
        assertThat(value.offsetOf("last_ns")).isEqualTo(DropRecord.LAST_NS);
        assertThat(value.offsetOf("cgroup_id")).isEqualTo(DropRecord.CGROUP_ID);
        assertThat(value.offsetOf("ifname")).isEqualTo(DropRecord.IFNAME);
        assertThat(value.offsetOf("pid")).isEqualTo(DropRecord.PID);
        assertThat(value.offsetOf("port")).isEqualTo(DropRecord.PORT);
        assertThat(value.offsetOf("aggregated")).isEqualTo(DropRecord.AGGREGATED);
        assertThat(value.offsetOf("ports_differ")).isEqualTo(DropRecord.PORTS_DIFFER);

        // The socket storage this object shares with flows: declared once, in nightjar_net.h.
        assertThat(BpfObjectTypes.struct(DropCollector.OBJECT, "nj_sock"))
                .isEqualTo(BpfObjectTypes.struct("flows", "nj_sock"));
    }
}
