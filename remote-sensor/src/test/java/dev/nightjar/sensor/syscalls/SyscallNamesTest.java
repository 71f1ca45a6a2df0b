package dev.nightjar.sensor.syscalls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SyscallNamesTest {

    @Test
    void x86_64NumbersAreTheKernelsOnes() {
        SyscallNames x86 = SyscallNames.forArch("amd64");
        assertThat(x86.arch()).isEqualTo("x86_64");
        assertThat(x86.name(0)).isEqualTo("read");
        assertThat(x86.name(1)).isEqualTo("write");
        assertThat(x86.name(257)).isEqualTo("openat");
        assertThat(x86.name(35)).isEqualTo("nanosleep");
        assertThat(x86.name(110)).isEqualTo("getppid");
        assertThat(x86.name(230)).isEqualTo("clock_nanosleep");
        assertThat(x86.name(435)).isEqualTo("clone3");
        assertThat(x86.name(462)).isEqualTo("mseal");
    }

    @Test
    void arm64NumbersAreTheGenericTablesOnes() {
        SyscallNames arm = SyscallNames.forArch("aarch64");
        assertThat(arm.arch()).isEqualTo("arm64");
        assertThat(arm.name(63)).isEqualTo("read");
        assertThat(arm.name(64)).isEqualTo("write");
        assertThat(arm.name(56)).isEqualTo("openat");
        assertThat(arm.name(101)).isEqualTo("nanosleep");
        assertThat(arm.name(173)).isEqualTo("getppid");
        assertThat(arm.name(115)).isEqualTo("clock_nanosleep");
        assertThat(arm.name(25)).isEqualTo("fcntl");
        assertThat(arm.name(79)).isEqualTo("newfstatat");
    }

    @Test
    void unknownNumbersAreNamedByNumber() {
        SyscallNames x86 = SyscallNames.forArch("x86_64");
        assertThat(x86.name(1000)).isEqualTo("syscall_1000");
        assertThat(x86.name(-1)).isEqualTo("syscall_4294967295");
        // 335-423 are a hole in the x86_64 table (after rseq, before pidfd_send_signal)
        assertThat(x86.name(400)).isEqualTo("syscall_400");
        assertThat(SyscallNames.forArch("aarch64").name(1000)).isEqualTo("syscall_1000");
    }

    @Test
    void fdArgumentsAreKnownByName() {
        SyscallNames x86 = SyscallNames.forArch("x86_64");
        assertThat(x86.takesFd(0)).as("read").isTrue();
        assertThat(x86.takesFd(74)).as("fsync").isTrue();
        assertThat(x86.takesFd(257)).as("openat: a directory fd, not the file").isFalse();
        assertThat(x86.takesFd(35)).as("nanosleep").isFalse();
        assertThat(SyscallNames.forArch("aarch64").takesFd(63)).as("arm64 read").isTrue();
    }

    @Test
    void anArchitectureWithoutATableIsNamed() {
        assertThatThrownBy(() -> SyscallNames.forArch("riscv64"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("riscv64")
                .hasMessageContaining("x86_64 and arm64");
    }

    @Test
    void thisMachinesTableIsChosenFromOsArch() {
        String arch = System.getProperty("os.arch");
        SyscallNames names = SyscallNames.forThisMachine();
        assertThat(names.arch()).isEqualTo(arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : "arm64");
    }
}
