package dev.nightjar.installer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The DT_NEEDED entries of an ELF shared object or executable: the libraries the dynamic
 * loader must find before the file can load at all. 64-bit little-endian ELF only (x86_64 and
 * aarch64, what the package is built for); read from the program headers, as the loader does.
 */
final class ElfNeeded {

    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final long DT_NULL = 0;
    private static final long DT_NEEDED = 1;
    private static final long DT_STRTAB = 5;

    private ElfNeeded() {
    }

    static boolean isElf(byte[] bytes) {
        return bytes.length > 64 && bytes[0] == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F';
    }

    /** @throws IllegalArgumentException for an ELF file this reader does not handle */
    static List<String> of(byte[] elf) {
        if (!isElf(elf) || elf[4] != 2 || elf[5] != 1) {
            throw new IllegalArgumentException("not a 64-bit little-endian ELF file");
        }
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        long phoff = b.getLong(0x20);
        int phentsize = Short.toUnsignedInt(b.getShort(0x36));
        int phnum = Short.toUnsignedInt(b.getShort(0x38));
        List<long[]> loads = new ArrayList<>(); // {vaddr, offset, filesz}
        long dynamic = -1;
        long dynamicSize = 0;
        for (int i = 0; i < phnum; i++) {
            int ph = Math.toIntExact(phoff + (long) i * phentsize);
            int type = b.getInt(ph);
            if (type == PT_LOAD) {
                loads.add(new long[] {b.getLong(ph + 0x10), b.getLong(ph + 0x08), b.getLong(ph + 0x20)});
            } else if (type == PT_DYNAMIC) {
                dynamic = b.getLong(ph + 0x08);
                dynamicSize = b.getLong(ph + 0x20);
            }
        }
        if (dynamic < 0) {
            return List.of(); // statically linked: needs nothing
        }
        List<Long> needed = new ArrayList<>();
        long strtab = -1;
        for (long at = dynamic; at + 16 <= dynamic + dynamicSize; at += 16) {
            long tag = b.getLong(Math.toIntExact(at));
            long value = b.getLong(Math.toIntExact(at + 8));
            if (tag == DT_NULL) {
                break;
            } else if (tag == DT_NEEDED) {
                needed.add(value);
            } else if (tag == DT_STRTAB) {
                strtab = fileOffset(loads, value);
            }
        }
        if (strtab < 0 && !needed.isEmpty()) {
            throw new IllegalArgumentException("DT_NEEDED entries but no string table in a loaded segment");
        }
        List<String> names = new ArrayList<>();
        for (long offset : needed) {
            names.add(cString(elf, Math.toIntExact(strtab + offset)));
        }
        return names;
    }

    private static long fileOffset(List<long[]> loads, long vaddr) {
        for (long[] load : loads) {
            if (vaddr >= load[0] && vaddr < load[0] + load[2]) {
                return vaddr - load[0] + load[1];
            }
        }
        return -1;
    }

    private static String cString(byte[] bytes, int start) {
        int end = start;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
    }
}
