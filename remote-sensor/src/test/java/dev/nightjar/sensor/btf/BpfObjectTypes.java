package dev.nightjar.sensor.btf;

import dev.nightjar.sensor.bpf.BpfArch;
import dev.nightjar.sensor.bpf.EmbeddedBpfObjects;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The C structs of a compiled BPF object, from its own .BTF section: lets
 * tests hold Java record decoders to what clang actually laid out.
 */
public final class BpfObjectTypes {

    private BpfObjectTypes() {
    }

    public static KernelBtf.StructType struct(String objectName, String structName) {
        return struct(BpfArch.ofThisJvm(), objectName, structName);
    }

    public static KernelBtf.StructType struct(BpfArch arch, String objectName, String structName) {
        return btf(arch, objectName).struct(structName)
                .orElseThrow(() -> new AssertionError(objectName + ".bpf.o has no struct " + structName + " in its BTF"));
    }

    /** The object's own .BTF section, parsed. */
    public static KernelBtf btf(BpfArch arch, String objectName) {
        byte[] elf = EmbeddedBpfObjects.read(arch, objectName);
        return KernelBtf.parse(section(elf, ".BTF"), arch.directory() + "/" + objectName + ".bpf.o .BTF");
    }

    static byte[] section(byte[] elf, String wanted) {
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = b.getLong(0x28);
        int shentsize = b.getShort(0x3A) & 0xffff;
        int shnum = b.getShort(0x3C) & 0xffff;
        int shstrndx = b.getShort(0x3E) & 0xffff;
        long strtab = b.getLong((int) (shoff + (long) shstrndx * shentsize) + 0x18);
        for (int i = 0; i < shnum; i++) {
            int header = (int) (shoff + (long) i * shentsize);
            int start = (int) (strtab + b.getInt(header));
            int end = start;
            while (elf[end] != 0) {
                end++;
            }
            if (new String(elf, start, end - start, StandardCharsets.US_ASCII).equals(wanted)) {
                int offset = (int) b.getLong(header + 0x18);
                int size = (int) b.getLong(header + 0x20);
                return Arrays.copyOfRange(elf, offset, offset + size);
            }
        }
        throw new AssertionError("no section " + wanted);
    }
}
