package dev.nightjar.sensor.symbols;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Names of address ranges in sorted primitive arrays: start addresses, end addresses and one
 * byte blob holding every name, for binary search without an object per symbol. Shared by the
 * ELF symbol tables and the perf maps.
 */
final class AddressTable {

    static final AddressTable EMPTY = new AddressTable(new long[0], new long[0], new int[1], new byte[0]);
    /** Array headers and fields, so that even an empty table costs something in the cache. */
    private static final long OVERHEAD_BYTES = 128;

    private final long[] starts;
    /** Exclusive end; equal to the start for a symbol without a size (it reaches the next one). */
    private final long[] ends;
    /** Name i is bytes nameOffsets[i] until nameOffsets[i + 1] of names. */
    private final int[] nameOffsets;
    private final byte[] names;

    private AddressTable(long[] starts, long[] ends, int[] nameOffsets, byte[] names) {
        this.starts = starts;
        this.ends = ends;
        this.nameOffsets = nameOffsets;
        this.names = names;
    }

    int size() {
        return starts.length;
    }

    long estimatedBytes() {
        return OVERHEAD_BYTES + 16L * starts.length + 4L * nameOffsets.length + names.length;
    }

    /**
     * The index of the entry covering the address, or -1. A sized entry covers [start, end); one
     * without a size covers everything up to the next entry, and only its own address if it is last.
     */
    int indexOf(long address) {
        int lo = 0;
        int hi = starts.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(starts[mid], address) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0) {
            return -1;
        }
        if (ends[found] != starts[found]) {
            return Long.compareUnsigned(address, ends[found]) < 0 ? found : -1;
        }
        return found + 1 < starts.length || address == starts[found] ? found : -1;
    }

    String name(int index) {
        return new String(names, nameOffsets[index], nameOffsets[index + 1] - nameOffsets[index],
                StandardCharsets.UTF_8);
    }

    long start(int index) {
        return starts[index];
    }

    /** Collects entries in any order; {@link #build} sorts them and settles duplicate addresses. */
    static final class Builder {

        private final int maxEntries;
        private final int maxNameBytes;
        private long[] starts = new long[256];
        private long[] ends = new long[256];
        private int[] nameStarts = new int[256];
        private int[] nameLengths = new int[256];
        private byte[] blob = new byte[4096];
        private int count;
        private int blobLength;

        /** Bounded in entries and in name bytes: many symbols may point at one long name. */
        Builder(int maxEntries, int maxNameBytes) {
            this.maxEntries = maxEntries;
            this.maxNameBytes = maxNameBytes;
        }

        boolean full() {
            return count >= maxEntries || blobLength >= maxNameBytes;
        }

        int count() {
            return count;
        }

        /** Adds an entry whose name is {@code length} bytes of {@code source} at {@code offset}; false when full. */
        boolean add(long start, long size, byte[] source, int offset, int length) {
            if (full() || length > maxNameBytes - blobLength) {
                return false;
            }
            if (count == starts.length) {
                int grown = Math.min(count * 2, maxEntries);
                starts = Arrays.copyOf(starts, grown);
                ends = Arrays.copyOf(ends, grown);
                nameStarts = Arrays.copyOf(nameStarts, grown);
                nameLengths = Arrays.copyOf(nameLengths, grown);
            }
            if (blobLength + length > blob.length) {
                blob = Arrays.copyOf(blob, Math.max(blob.length * 2, blobLength + length));
            }
            System.arraycopy(source, offset, blob, blobLength, length);
            starts[count] = start;
            long end = start + size;
            // A size that wraps around is corrupt: treat it as unknown rather than covering everything.
            ends[count] = size > 0 && Long.compareUnsigned(end, start) > 0 ? end : start;
            nameStarts[count] = blobLength;
            nameLengths[count] = length;
            blobLength += length;
            count++;
            return true;
        }

        boolean add(long start, long size, String name) {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            return add(start, size, bytes, 0, bytes.length);
        }

        /**
         * Sorted by address. Of entries at the same address one is kept: the last added when
         * {@code laterWins} (a perf map's newer code at a reused address), else the first with a
         * size (an ELF alias without a size says less).
         */
        AddressTable build(boolean laterWins) {
            if (count == 0) {
                return EMPTY;
            }
            int[] order = SortByKey.sortedIndexes(starts, count);
            int[] keep = new int[count];
            int kept = 0;
            for (int k = 0; k < count; k++) {
                int i = order[k];
                if (kept > 0 && starts[keep[kept - 1]] == starts[i]) {
                    int previous = keep[kept - 1];
                    boolean previousSized = ends[previous] != starts[previous];
                    if (laterWins || (!previousSized && ends[i] != starts[i])) {
                        keep[kept - 1] = i; // the sort is stable: i was added after previous
                    }
                    continue;
                }
                keep[kept++] = i;
            }
            long[] sortedStarts = new long[kept];
            long[] sortedEnds = new long[kept];
            int[] offsets = new int[kept + 1];
            int total = 0;
            for (int k = 0; k < kept; k++) {
                total += nameLengths[keep[k]];
            }
            byte[] names = new byte[total];
            int at = 0;
            for (int k = 0; k < kept; k++) {
                int i = keep[k];
                sortedStarts[k] = starts[i];
                sortedEnds[k] = ends[i];
                offsets[k] = at;
                System.arraycopy(blob, nameStarts[i], names, at, nameLengths[i]);
                at += nameLengths[i];
            }
            offsets[kept] = at;
            return new AddressTable(sortedStarts, sortedEnds, offsets, names);
        }
    }
}
