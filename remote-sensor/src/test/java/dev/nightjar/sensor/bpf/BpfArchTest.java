package dev.nightjar.sensor.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BpfArchTest {

    @Test
    void javaAndKernelNamesOfBothArchitecturesMapToTheirObjectDirectory() {
        assertThat(BpfArch.of("amd64").directory()).isEqualTo("x86_64");
        assertThat(BpfArch.of("x86_64")).isEqualTo(BpfArch.X86_64);
        assertThat(BpfArch.of("aarch64").directory()).isEqualTo("aarch64");
        assertThat(BpfArch.of("arm64")).isEqualTo(BpfArch.AARCH64);
    }

    @Test
    void anotherArchitectureIsRefusedWithWhatTheJarCarries() {
        assertThatThrownBy(() -> BpfArch.of("riscv64"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'riscv64'")
                .hasMessageContaining("x86_64 and arm64");
    }

    @Test
    void thisJvmIsOneOfThem() {
        String osArch = System.getProperty("os.arch");
        assertThat(BpfArch.ofThisJvm()).isEqualTo(osArch.equals("amd64") ? BpfArch.X86_64 : BpfArch.AARCH64);
    }
}
