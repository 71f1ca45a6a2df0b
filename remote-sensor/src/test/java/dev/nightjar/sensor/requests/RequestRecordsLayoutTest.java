package dev.nightjar.sensor.requests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.sensor.btf.BpfObjectTypes;
import dev.nightjar.sensor.btf.KernelBtf;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RequestRecords' offsets are the ones clang gave the structs in bpf/requests.bpf.c. */
class RequestRecordsLayoutTest {

    @Test
    void chunkHeaderOffsetsMatchTheCompiledObject() {
        KernelBtf.StructType chunk = BpfObjectTypes.struct(RequestCollector.OBJECT, "nj_req_chunk");
        assertThat(chunk.byteSize()).isEqualTo(RequestRecords.HEADER_SIZE);
        Map<String, Long> fields = Map.ofEntries(
                Map.entry("cookie", RequestRecords.COOKIE), Map.entry("ts_ns", RequestRecords.TIMESTAMP),
                Map.entry("call_bytes", RequestRecords.CALL_BYTES), Map.entry("cgroup_id", RequestRecords.CGROUP),
                Map.entry("pid", RequestRecords.PID), Map.entry("tid", RequestRecords.TID),
                Map.entry("fd", RequestRecords.FD), Map.entry("netns", RequestRecords.NETNS),
                Map.entry("data_len", RequestRecords.DATA_LEN), Map.entry("kind", RequestRecords.KIND),
                Map.entry("sent", RequestRecords.SENT), Map.entry("role", RequestRecords.ROLE),
                Map.entry("tls", RequestRecords.TLS), Map.entry("family", RequestRecords.FAMILY),
                Map.entry("protocol", RequestRecords.PROTOCOL), Map.entry("op", RequestRecords.OP),
                Map.entry("lport", RequestRecords.LOCAL_PORT), Map.entry("rport", RequestRecords.REMOTE_PORT),
                Map.entry("laddr", RequestRecords.LOCAL_ADDR), Map.entry("raddr", RequestRecords.REMOTE_ADDR),
                Map.entry("comm", RequestRecords.COMM));
        fields.forEach((name, offset) -> assertThat(chunk.offsetOf(name)).as(name).isEqualTo(offset));
    }

    @Test
    void theConfigWrittenByTheCollectorMatchesTheCompiledObject() {
        KernelBtf.StructType cfg = BpfObjectTypes.struct(RequestCollector.OBJECT, "nj_req_config");
        assertThat(cfg.byteSize()).isEqualTo(RequestRecords.CONFIG_SIZE);
        assertThat(cfg.offsetOf("self_tgid")).isEqualTo(RequestRecords.CONFIG_SELF);
        assertThat(cfg.offsetOf("max_bytes")).isEqualTo(RequestRecords.CONFIG_MAX_BYTES);
        assertThat(cfg.offsetOf("cgroup_depths")).isEqualTo(RequestRecords.CONFIG_CGROUP_DEPTHS);
        assertThat(cfg.offsetOf("enabled")).isEqualTo(RequestRecords.CONFIG_ENABLED);
        assertThat(cfg.offsetOf("whole_node")).isEqualTo(RequestRecords.CONFIG_WHOLE_NODE);
    }

    @Test
    void aMapsLineOfLibsslNamesItsFileAndPath() {
        assertThat(TlsProbes.libraryOf("7f1c2a000000-7f1c2a01f000 r--p 00000000 fe:01 1234567"
                + "                    /usr/lib/x86_64-linux-gnu/libssl.so.3")).hasValueSatisfying(found -> {
                    assertThat(found[0]).isEqualTo("fe:01 1234567");
                    assertThat(found[1]).isEqualTo("/usr/lib/x86_64-linux-gnu/libssl.so.3");
                });
        assertThat(TlsProbes.libraryOf("7f1c2a000000-7f1c2a01f000 r--p 00000000 fe:01 99 /usr/lib/libcrypto.so.3"))
                .isEmpty();
        assertThat(TlsProbes.libraryOf("7ffd5c1f0000-7ffd5c211000 rw-p 00000000 00:00 0 [stack]")).isEmpty();
    }
}
