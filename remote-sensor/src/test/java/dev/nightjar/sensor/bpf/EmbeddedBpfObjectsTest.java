package dev.nightjar.sensor.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The build compiled bpf/*.bpf.c with clang into BPF ELF objects inside the jar, one set per architecture. */
class EmbeddedBpfObjectsTest {

    private static final int EM_BPF = 247;

    @Test
    void dropReasonsObjectIsABpfElfWithBtfAndItsProgramSection() {
        byte[] elf = EmbeddedBpfObjects.read("drop_reasons");
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new byte[] {elf[0], elf[1], elf[2], elf[3]}).containsExactly(0x7f, 'E', 'L', 'F');
        assertThat(elf[4]).as("ELFCLASS64").isEqualTo((byte) 2);
        assertThat(b.getShort(18) & 0xffff).as("e_machine").isEqualTo(EM_BPF);

        assertThat(sectionNames(b)).contains(".BTF", ".BTF.ext", ".maps", "license", "tp_btf/kfree_skb");
    }

    @Test
    void aMissingObjectSaysTheJarWasBuiltWithoutClang() {
        assertThatThrownBy(() -> EmbeddedBpfObjects.read("no_such_program"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/bpf/" + BpfArch.ofThisJvm().directory() + "/no_such_program.bpf.o")
                .hasMessageContaining("clang");
    }

    @Test
    void everyObjectIsThereForBothArchitecturesAsA64BitLittleEndianBpfElf() {
        List<String> x86 = EmbeddedObjectNames.of(BpfArch.X86_64);
        assertThat(x86).contains("drop_reasons", "flows", "profile", "syscalls");
        assertThat(EmbeddedObjectNames.of(BpfArch.AARCH64)).isEqualTo(x86);
        for (BpfArch arch : BpfArch.values()) {
            for (String name : x86) {
                byte[] elf = EmbeddedBpfObjects.read(arch, name);
                assertThat(new byte[] {elf[0], elf[1], elf[2], elf[3]}).as("%s/%s magic", arch, name)
                        .containsExactly(0x7f, 'E', 'L', 'F');
                assertThat(elf[4]).as("%s/%s ELFCLASS64", arch, name).isEqualTo((byte) 2);
                assertThat(elf[5]).as("%s/%s ELFDATA2LSB: x86_64 and arm64 kernels are little-endian", arch, name)
                        .isEqualTo((byte) 1);
                ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
                assertThat(b.getShort(18) & 0xffff).as("%s/%s e_machine", arch, name).isEqualTo(EM_BPF);
                assertThat(sectionNames(b)).as("%s/%s sections", arch, name).contains(".BTF", ".BTF.ext", ".maps");
            }
        }
    }

    @Test
    void theObjectsAreReadForTheArchitectureThisJvmRunsOn() {
        BpfArch mine = BpfArch.ofThisJvm();
        BpfArch other = mine == BpfArch.X86_64 ? BpfArch.AARCH64 : BpfArch.X86_64;
        byte[] read = EmbeddedBpfObjects.read("syscalls");
        assertThat(read).isEqualTo(EmbeddedBpfObjects.read(mine, "syscalls"));
        // syscalls.bpf.c reads registers (__TARGET_ARCH_*), so the two builds differ.
        assertThat(read).isNotEqualTo(EmbeddedBpfObjects.read(other, "syscalls"));
    }

    private static List<String> sectionNames(ByteBuffer b) {
        long shoff = b.getLong(0x28);
        int shentsize = b.getShort(0x3A) & 0xffff;
        int shnum = b.getShort(0x3C) & 0xffff;
        int shstrndx = b.getShort(0x3E) & 0xffff;
        long strtabOffset = b.getLong((int) (shoff + (long) shstrndx * shentsize) + 0x18);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < shnum; i++) {
            int nameOffset = b.getInt((int) (shoff + (long) i * shentsize));
            int start = (int) (strtabOffset + nameOffset);
            int end = start;
            while (b.get(end) != 0) {
                end++;
            }
            names.add(new String(b.array(), start, end - start, StandardCharsets.US_ASCII));
        }
        return names;
    }
}
