package dev.nightjar.sensor.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nightjar.testing.KernelTest;
import dev.nightjar.testing.Requires;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class KernelBtfTest {

    @Test
    void readsEnumsTypedefPrototypesAndStructsFromHandWrittenBtf() {
        BtfBuilder b = new BtfBuilder();
        int u32 = b.integer("unsigned int", 4);
        b.enumeration("skb_drop_reason", new String[] {"SKB_NOT_DROPPED_YET", "SKB_CONSUMED",
                "SKB_DROP_REASON_NOT_SPECIFIED", "SKB_DROP_REASON_NO_SOCKET", "SKB_DROP_REASON_MAX"},
                new int[] {0, 1, 2, 3, 4});
        b.enum64("big", new String[] {"HUGE"}, new long[] {0x1_0000_0002L});
        int proto = b.functionProto(0, u32, u32, u32);
        b.typedef("btf_trace_thing", b.pointer(proto));
        b.struct("nj_pair", 16, "first", u32, 0, "second", u32, 8);

        KernelBtf btf = KernelBtf.parse(b.build(), "test");
        assertThat(btf.typeCount()).isEqualTo(7);
        assertThat(btf.enumValues("skb_drop_reason").orElseThrow())
                .containsEntry("SKB_DROP_REASON_NO_SOCKET", 3L).hasSize(5);
        assertThat(btf.enumValues("big").orElseThrow()).containsEntry("HUGE", 0x1_0000_0002L);
        assertThat(btf.enumValues("nope")).isEmpty();
        assertThat(btf.hasTypedef("btf_trace_thing")).isTrue();
        assertThat(btf.hasTypedef("btf_trace_other")).isFalse();
        assertThat(btf.functionPointerParameters("btf_trace_thing")).hasValue(3);
        KernelBtf.StructType pair = btf.struct("nj_pair").orElseThrow();
        assertThat(pair.byteSize()).isEqualTo(16);
        assertThat(pair.offsetOf("second")).isEqualTo(8);

        DropReasons reasons = DropReasons.fromKernel(btf);
        assertThat(reasons.name(3)).isEqualTo("NO_SOCKET");
        assertThat(reasons.name(1)).isEqualTo("CONSUMED");
        assertThat(reasons.code("NOT_SPECIFIED")).hasValue(2);
        assertThat(reasons.all()).doesNotContainValue("MAX");
        assertThat(reasons.name(77)).isEqualTo("UNKNOWN_77");
        assertThat(reasons.name(0x0003_0005)).isEqualTo("SUBSYSTEM_3_REASON_5");
    }

    @Test
    void badDataIsRefusedWithAMessageNamingTheSource() {
        assertThatThrownBy(() -> KernelBtf.parse(new byte[30], "/tmp/x"))
                .isInstanceOf(BtfFormatException.class).hasMessageContaining("/tmp/x").hasMessageContaining("not BTF");
        BtfBuilder b = new BtfBuilder();
        b.kind(25);
        assertThatThrownBy(() -> KernelBtf.parse(b.build(), "future"))
                .isInstanceOf(BtfFormatException.class).hasMessageContaining("kind 25");
        assertThatThrownBy(() -> KernelBtf.read(Path.of("/nonexistent/vmlinux")))
                .isInstanceOf(BtfFormatException.class).hasMessageContaining("CONFIG_DEBUG_INFO_BTF");
        assertThatThrownBy(() -> DropReasons.fromKernel(KernelBtf.parse(new BtfBuilder().build(), "empty")))
                .isInstanceOf(BtfFormatException.class).hasMessageContaining("5.17");
    }

    /** tracefs is root's only. */
    @KernelTest
    @Test
    void theRunningKernelsDropReasonsMatchWhatItsTracepointPrints() throws IOException {
        Path vmlinux = Path.of("/sys/kernel/btf/vmlinux");
        Path format = Path.of("/sys/kernel/tracing/events/skb/kfree_skb/format");
        if (!Files.isReadable(vmlinux) || !Files.isReadable(format)) {
            Requires.unavailable("needs kernel BTF and tracefs at /sys/kernel/tracing"
                    + " (mount -t tracefs tracefs /sys/kernel/tracing)");
        }
        DropReasons reasons = DropReasons.fromKernel(KernelBtf.readKernel(Path.of("/sys")));

        // The tracepoint's print format lists { value, "NAME" } for every reason: an independent source.
        Matcher m = Pattern.compile("\\{ (\\d+), \"([A-Z0-9_]+)\" \\}").matcher(Files.readString(format));
        Map<Integer, String> printed = new HashMap<>();
        while (m.find()) {
            printed.put(Integer.parseInt(m.group(1)), m.group(2));
        }
        printed.values().remove("MAX");
        assertThat(printed).isNotEmpty();
        printed.forEach((code, name) -> assertThat(reasons.name(code)).as("reason %d", code).isEqualTo(name));
        assertThat(reasons.code("NO_SOCKET")).isPresent();
        assertThat(reasons.code("NETFILTER_DROP")).isPresent();
    }

    @Test
    void theRunningKernelsKfreeSkbTracepointTakesTheReason() {
        Path vmlinux = Path.of("/sys/kernel/btf/vmlinux");
        if (!Files.isReadable(vmlinux)) {
            Requires.unavailable("needs kernel BTF at /sys/kernel/btf/vmlinux");
        }
        KernelBtf btf = KernelBtf.read(vmlinux);
        // ctx, skb, location, reason (and rx_sk from 6.10 on).
        assertThat(btf.functionPointerParameters("btf_trace_kfree_skb").orElseThrow()).isIn(4, 5);
        assertThat(btf.hasTypedef("btf_trace_inet_sock_set_state")).isTrue();
        assertThat(btf.hasTypedef("btf_trace_nj_no_such_tracepoint")).isFalse();
    }
}
