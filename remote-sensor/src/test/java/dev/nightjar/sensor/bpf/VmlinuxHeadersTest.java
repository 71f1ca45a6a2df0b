package dev.nightjar.sensor.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * bpf/vmlinux/ARCH/vmlinux.h each come from a kernel of that architecture: the
 * register structs are the marker (arm64 has user_pt_regs and a pt_regs with
 * syscallno; x86_64 a pt_regs with orig_ax).
 */
class VmlinuxHeadersTest {

    private static String header(BpfArch arch) throws IOException {
        Path file = Path.of("..", "bpf", "vmlinux", arch.directory(), "vmlinux.h");
        assertThat(file).as("run from remote-sensor/, as Maven does").isRegularFile();
        return Files.readString(file);
    }

    @Test
    void aarch64HeaderIsAnArm64KernelsBtf() throws IOException {
        String h = header(BpfArch.AARCH64);
        assertThat(h).startsWith("#ifndef __VMLINUX_H__")
                .contains("struct user_pt_regs {\n\t__u64 regs[31];\n\t__u64 sp;\n\t__u64 pc;\n\t__u64 pstate;\n};")
                .containsPattern("struct pt_regs \\{[^}]*struct user_pt_regs user_regs;")
                .contains("\ts32 syscallno;\n")
                .doesNotContain("orig_ax");
    }

    @Test
    void x86HeaderIsAnX86KernelsBtf() throws IOException {
        String h = header(BpfArch.X86_64);
        assertThat(h).startsWith("#ifndef __VMLINUX_H__")
                .containsPattern("struct pt_regs \\{[^}]*long unsigned int orig_ax;")
                .doesNotContain("struct user_pt_regs {");
    }
}
