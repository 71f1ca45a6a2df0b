package dev.nightjar.sensor.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The build compiled bpf/*.bpf.c with clang into BPF ELF objects inside the jar. */
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
                .hasMessageContaining("/bpf/no_such_program.bpf.o")
                .hasMessageContaining("clang");
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
