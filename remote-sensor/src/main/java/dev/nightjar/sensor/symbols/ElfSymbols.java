package dev.nightjar.sensor.symbols;

/**
 * The function symbols of one ELF file (from {@code .symtab} and {@code .dynsym}), its GNU build
 * id, and its executable PT_LOAD segments, which turn a file offset (what {@code /proc/PID/maps}
 * gives) into the virtual address the symbols use. Immutable; shared by every process mapping
 * the same binary.
 */
public final class ElfSymbols implements CachedTable {

    private final String buildId;
    private final AddressTable table;
    /** Executable PT_LOAD segments: file offset, virtual address, size in the file. */
    private final long[] segmentOffsets;
    private final long[] segmentVaddrs;
    private final long[] segmentSizes;
    private final String problem;
    /** Names as a person reads them (C++ demangled), made on first lookup of each symbol. */
    private volatile String[] readable;

    ElfSymbols(String buildId, AddressTable table, long[] segmentOffsets, long[] segmentVaddrs,
            long[] segmentSizes, String problem) {
        this.buildId = buildId;
        this.table = table;
        this.segmentOffsets = segmentOffsets;
        this.segmentVaddrs = segmentVaddrs;
        this.segmentSizes = segmentSizes;
        this.problem = problem;
    }

    static ElfSymbols none(String problem) {
        return new ElfSymbols("", AddressTable.EMPTY, new long[0], new long[0], new long[0], problem);
    }

    /** Hex GNU build id, empty when the file has none. */
    public String buildId() {
        return buildId;
    }

    public int symbolCount() {
        return table.size();
    }

    /** Why there are no symbols (not an ELF file, corrupt, stripped); empty when there are some. */
    public String problem() {
        return problem;
    }

    @Override
    public long estimatedBytes() {
        // Plus a slot per symbol for its readable name (the names themselves are counted as the
        // mangled ones: demangled C++ names are longer, but only the few that show up are made).
        return table.estimatedBytes() + 8L * table.size() + 24L * segmentOffsets.length + 2L * buildId.length() + 64;
    }

    /**
     * The virtual address of a file offset: {@code offset - (p_offset - p_vaddr)} of the executable
     * segment holding it (the first executable segment when none does; the offset itself when the
     * file has no program headers). This is what makes PIE executables and shared libraries right.
     */
    public long virtualAddress(long fileOffset) {
        int chosen = segmentOffsets.length > 0 ? 0 : -1;
        for (int i = 0; i < segmentOffsets.length; i++) {
            long rel = fileOffset - segmentOffsets[i];
            if (rel >= 0 && rel < segmentSizes[i]) {
                chosen = i;
                break;
            }
        }
        return chosen < 0 ? fileOffset : fileOffset - (segmentOffsets[chosen] - segmentVaddrs[chosen]);
    }

    /** The function at a file offset, or null when no symbol covers it. */
    public String symbolAtFileOffset(long fileOffset) {
        return symbolAt(virtualAddress(fileOffset));
    }

    /**
     * The function at a virtual address, or null: as the ELF file states it, except that C++
     * names are demangled ({@link CxxDemangler}) — once per symbol, kept for the next lookup.
     */
    public String symbolAt(long virtualAddress) {
        int i = table.indexOf(virtualAddress);
        if (i < 0) {
            return null;
        }
        String[] names = readable;
        if (names == null) {
            names = new String[table.size()];
            readable = names;
        }
        String name = names[i];
        if (name == null) {
            // Racing lookups may both demangle: the same string either way.
            name = CxxDemangler.demangle(table.name(i));
            names[i] = name;
        }
        return name;
    }
}
