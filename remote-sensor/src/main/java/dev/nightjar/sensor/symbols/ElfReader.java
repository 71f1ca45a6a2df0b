package dev.nightjar.sensor.symbols;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Reads {@link ElfSymbols} from an ELF64 little-endian file (x86_64, aarch64; the layout does not
 * depend on the machine). Nothing in the file is trusted: every offset, size and count is checked
 * against the file and a cap before it is used, and a file that does not add up gives "no symbols"
 * with the reason, never an exception.
 */
public final class ElfReader {

    static final int MAX_SYMBOLS = 2_000_000;
    static final long MAX_SECTION_BYTES = 64L << 20;
    static final int MAX_NAME_BYTES = 4096;
    static final int MAX_ALL_NAME_BYTES = 64 << 20;
    private static final int MAX_PROGRAM_HEADERS = 4096;
    private static final int MAX_SECTIONS = 65_535;
    private static final int MAX_EXEC_SEGMENTS = 64;
    private static final int SYMBOL_CHUNK = 4096;

    private static final int PT_LOAD = 1;
    private static final int PT_NOTE = 4;
    private static final int PF_X = 1;
    private static final int SHT_SYMTAB = 2;
    private static final int SHT_STRTAB = 3;
    private static final int SHT_NOTE = 7;
    private static final int SHT_DYNSYM = 11;
    private static final int STT_FUNC = 2;
    private static final int STT_GNU_IFUNC = 10;
    private static final int NT_GNU_BUILD_ID = 3;
    private static final int SYM_SIZE = 24;
    private static final int PHDR_SIZE = 56;
    private static final int SHDR_SIZE = 64;

    private ElfReader() {
    }

    /** Never throws: an unreadable, foreign or corrupt file gives an empty table saying why. */
    public static ElfSymbols read(Path path) {
        try {
            return readOpenable(path);
        } catch (IOException e) {
            return ElfSymbols.none("cannot read " + path + ": " + e.getMessage());
        }
    }

    /**
     * Like {@link #read(Path)}, but a file that cannot be opened or read is an IOException: the
     * caller may try another path to the same file, and should not remember the failure as
     * "this binary has no symbols".
     */
    static ElfSymbols readOpenable(Path path) throws IOException {
        try (BoundedFile file = BoundedFile.open(path)) {
            return read(file);
        } catch (RuntimeException e) {
            // Every access is bounds-checked; this is the last line so a missed case still means "no symbols".
            return ElfSymbols.none("corrupt ELF file " + path + ": " + e);
        }
    }

    private static ElfSymbols read(BoundedFile file) throws IOException {
        ByteBuffer header = file.read(0, 64, 64);
        if (header == null || header.getInt(0) != 0x464c457f) {
            return ElfSymbols.none("not an ELF file");
        }
        if (header.get(4) != 2 || header.get(5) != 1) {
            return ElfSymbols.none("not a 64-bit little-endian ELF file");
        }
        long phoff = header.getLong(32);
        long shoff = header.getLong(40);
        int phentsize = Short.toUnsignedInt(header.getShort(54));
        int phnum = Short.toUnsignedInt(header.getShort(56));
        int shentsize = Short.toUnsignedInt(header.getShort(58));
        int shnum = Short.toUnsignedInt(header.getShort(60));

        Segments segments = readSegments(file, phoff, phentsize, phnum);
        ByteBuffer sections = shnum == 0 || shentsize < SHDR_SIZE || shnum > MAX_SECTIONS ? null
                : file.read(shoff, (long) shentsize * shnum, MAX_SECTION_BYTES);
        String buildId = segments.buildId;
        AddressTable.Builder builder = new AddressTable.Builder(MAX_SYMBOLS, MAX_ALL_NAME_BYTES);
        if (sections != null) {
            for (int i = 0; i < shnum; i++) {
                int base = i * shentsize;
                int type = sections.getInt(base + 4);
                if (type == SHT_SYMTAB || type == SHT_DYNSYM) {
                    readSymbols(file, sections, shentsize, shnum, base, builder);
                } else if (type == SHT_NOTE && buildId.isEmpty()) {
                    buildId = buildIdIn(file.read(sections.getLong(base + 24), sections.getLong(base + 32), 1 << 16));
                }
            }
        }
        AddressTable table = builder.build(false);
        String problem = table.size() > 0 ? "" : sections == null ? "no readable section headers" : "no function symbols (stripped)";
        return new ElfSymbols(buildId, table, segments.offsets, segments.vaddrs, segments.sizes, problem);
    }

    private record Segments(long[] offsets, long[] vaddrs, long[] sizes, String buildId) {}

    private static Segments readSegments(BoundedFile file, long phoff, int phentsize, int phnum) throws IOException {
        ByteBuffer phdrs = phnum == 0 || phentsize < PHDR_SIZE || phnum > MAX_PROGRAM_HEADERS ? null
                : file.read(phoff, (long) phentsize * phnum, MAX_SECTION_BYTES);
        long[] offsets = new long[MAX_EXEC_SEGMENTS];
        long[] vaddrs = new long[MAX_EXEC_SEGMENTS];
        long[] sizes = new long[MAX_EXEC_SEGMENTS];
        int count = 0;
        String buildId = "";
        for (int i = 0; phdrs != null && i < phnum; i++) {
            int base = i * phentsize;
            int type = phdrs.getInt(base);
            int flags = phdrs.getInt(base + 4);
            long offset = phdrs.getLong(base + 8);
            long filesz = phdrs.getLong(base + 32);
            if (type == PT_LOAD && (flags & PF_X) != 0 && count < MAX_EXEC_SEGMENTS && offset >= 0 && filesz >= 0) {
                offsets[count] = offset;
                vaddrs[count] = phdrs.getLong(base + 16);
                sizes[count] = filesz;
                count++;
            } else if (type == PT_NOTE && buildId.isEmpty()) {
                buildId = buildIdIn(file.read(offset, filesz, 1 << 16));
            }
        }
        return new Segments(Arrays.copyOf(offsets, count), Arrays.copyOf(vaddrs, count), Arrays.copyOf(sizes, count),
                buildId);
    }

    /** The GNU build id in a block of notes, hex; empty when absent or malformed. */
    static String buildIdIn(ByteBuffer notes) {
        if (notes == null) {
            return "";
        }
        int at = 0;
        int limit = notes.limit();
        while (at + 12 <= limit) {
            long namesz = Integer.toUnsignedLong(notes.getInt(at));
            long descsz = Integer.toUnsignedLong(notes.getInt(at + 4));
            int type = notes.getInt(at + 8);
            long nameStart = at + 12L;
            long descStart = nameStart + align4(namesz);
            long next = descStart + align4(descsz);
            if (next > limit) {
                return "";
            }
            if (type == NT_GNU_BUILD_ID && namesz == 4 && notes.get((int) nameStart) == 'G'
                    && notes.get((int) nameStart + 1) == 'N' && notes.get((int) nameStart + 2) == 'U'
                    && descsz > 0 && descsz <= 64) {
                byte[] id = new byte[(int) descsz];
                notes.get((int) descStart, id);
                return HexFormat.of().formatHex(id);
            }
            at = (int) next;
        }
        return "";
    }

    private static long align4(long n) {
        return (n + 3) & ~3L;
    }

    /** FUNC and IFUNC symbols of one symbol table section, with its string table. */
    private static void readSymbols(BoundedFile file, ByteBuffer sections, int shentsize, int shnum, int base,
            AddressTable.Builder builder) throws IOException {
        long offset = sections.getLong(base + 24);
        long size = sections.getLong(base + 32);
        int link = sections.getInt(base + 40);
        if (link <= 0 || link >= shnum || size <= 0 || !file.inside(offset, size)) {
            return;
        }
        int linkBase = link * shentsize;
        if (sections.getInt(linkBase + 4) != SHT_STRTAB) {
            return;
        }
        ByteBuffer strings = file.read(sections.getLong(linkBase + 24), sections.getLong(linkBase + 32),
                MAX_SECTION_BYTES);
        if (strings == null) {
            return;
        }
        byte[] stringBytes = strings.array();
        long count = size / SYM_SIZE;
        for (long first = 0; first < count && !builder.full(); first += SYMBOL_CHUNK) {
            int n = (int) Math.min(SYMBOL_CHUNK, count - first);
            ByteBuffer chunk = file.read(offset + first * SYM_SIZE, (long) n * SYM_SIZE, (long) SYMBOL_CHUNK * SYM_SIZE);
            if (chunk == null) {
                return;
            }
            for (int i = 0; i < n; i++) {
                int at = i * SYM_SIZE;
                int kind = chunk.get(at + 4) & 0xf;
                int shndx = Short.toUnsignedInt(chunk.getShort(at + 6));
                long value = chunk.getLong(at + 8);
                if ((kind != STT_FUNC && kind != STT_GNU_IFUNC) || shndx == 0) {
                    continue; // undefined (imported) or not code
                }
                long nameAt = Integer.toUnsignedLong(chunk.getInt(at));
                int length = nameLength(stringBytes, nameAt);
                if (length > 0 && !builder.add(value, chunk.getLong(at + 16), stringBytes, (int) nameAt, length)) {
                    return;
                }
            }
        }
    }

    /** Length of the NUL-terminated name at an offset, 0 when it starts outside or is unterminated. */
    private static int nameLength(byte[] strings, long at) {
        if (at >= strings.length) {
            return 0;
        }
        int start = (int) at;
        int limit = Math.min(strings.length, start + MAX_NAME_BYTES);
        for (int i = start; i < limit; i++) {
            if (strings[i] == 0) {
                return i - start;
            }
        }
        return 0;
    }
}
