package dev.nightjar.desktop.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.testing.SecurityFixtures;
import dev.nightjar.protocol.v1.SecurityFrame;
import org.junit.jupiter.api.Test;

class ProcessTreeTest {

    @Test
    void theTreeStartsAtTheOldestAncestorAndMarksTheEventsProcess() {
        assertThat(ProcessTree.lines(SecurityFixtures.events().getFirst().getSecurity())).containsExactly(
                "bash (4100)  uid 1000  /bin/bash",
                "└─ sh (4240)  uid 1000  /bin/sh -c \"cat /proc/sys/kernel/hostname\"",
                "   └─ cat (4242)  uid 1000  /usr/bin/cat /proc/sys/kernel/hostname   ◀ this event");
    }

    @Test
    void aRaisedEffectiveUidAndACutCommandLineAreShown() {
        var root = SecurityFixtures.events().get(2).getSecurity();
        assertThat(ProcessTree.lines(root)).last().isEqualTo(
                "└─ passwd (5001)  uid 1000 euid 0  /usr/bin/passwd   ◀ this event");
        var cut = root.getProcess().toBuilder().clearBinary().addArgv("--stdin").setArgvTruncated(true).build();
        assertThat(ProcessTree.commandLine(cut)).isEqualTo("passwd --stdin …(cut at the sensor's bound)");
    }

    @Test
    void stackFramesAreTheSymbolsAsCarriedElseTheirAddress() {
        assertThat(ProcessTree.stack(java.util.List.of(
                SecurityFrame.newBuilder().setAddress(1).setSymbol("do_sys_openat2+0x5").build(),
                SecurityFrame.newBuilder().setAddress(0x7f3a12345678L).build(),
                SecurityFrame.newBuilder().setAddress(2).setSymbol("f+0x1").setModule("/lib/libc.so.6").build())))
                .containsExactly("do_sys_openat2+0x5", "0x7f3a12345678", "f+0x1 [/lib/libc.so.6]");
    }
}
