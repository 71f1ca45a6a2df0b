package dev.nightjar.sensor.btf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.sensor.bpf.BpfArch;
import org.junit.jupiter.api.Test;

/**
 * syscalls.bpf.c reads the syscall number and first argument from the task's
 * registers, which bpf_tracing.h and the program access per __TARGET_ARCH_*. The
 * types clang recorded in each object's .BTF (the ones its CO-RE relocations
 * name) show which architecture it was compiled for.
 */
class ArchRegisterAccessTest {

    @Test
    void arm64SyscallsObjectReadsArm64Registers() {
        KernelBtf btf = BpfObjectTypes.btf(BpfArch.AARCH64, "syscalls");
        // nj_sys_nr: the kernel's pt_regs.syscallno (s32, after user_pt_regs and orig_x0).
        assertThat(btf.struct("pt_regs").orElseThrow().members())
                .extracting(KernelBtf.Member::name).contains("orig_x0", "syscallno")
                .doesNotContain("orig_ax", "di");
        assertThat(btf.struct("user_pt_regs").orElseThrow().members())
                .extracting(KernelBtf.Member::name).containsExactly("regs", "sp", "pc", "pstate");
        // PT_REGS_PARM1_CORE_SYSCALL: orig_x0 through libbpf's arm64 flavour of pt_regs.
        assertThat(btf.struct("pt_regs___arm64").orElseThrow().members())
                .extracting(KernelBtf.Member::name).containsExactly("orig_x0");
        assertThat(btf.struct("pt_regs").orElseThrow().offsetOf("syscallno"))
                .as("offset in the arm64 vmlinux.h, CO-RE relocates it at load").isEqualTo(280);
    }

    @Test
    void x86SyscallsObjectReadsX86Registers() {
        KernelBtf btf = BpfObjectTypes.btf(BpfArch.X86_64, "syscalls");
        assertThat(btf.struct("pt_regs").orElseThrow().members())
                .extracting(KernelBtf.Member::name).contains("di", "orig_ax")
                .doesNotContain("syscallno", "orig_x0");
        assertThat(btf.struct("pt_regs___arm64")).isEmpty();
        assertThat(btf.struct("user_pt_regs")).isEmpty();
    }
}
