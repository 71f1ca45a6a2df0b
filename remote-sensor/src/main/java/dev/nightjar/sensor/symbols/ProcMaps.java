package dev.nightjar.sensor.symbols;

import dev.nightjar.sensor.proc.ProcFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The executable mappings of one process, sorted by address for binary search. Only
 * executable regions matter: a sampled instruction pointer or return address is always in one.
 */
public final class ProcMaps {

    /** A maps file larger than this is cut (a process with that many mappings is pathological). */
    static final int MAX_MAPS_BYTES = 8 << 20;
    static final int MAX_REGIONS = 65_536;
    private static final String DELETED = " (deleted)";

    private final MappedRegion[] regions;
    /** dev:inode of each region's file, built once here rather than on every frame. */
    private final String[] fileIds;

    private ProcMaps(MappedRegion[] regions) {
        this.regions = regions;
        this.fileIds = new String[regions.length];
        for (int i = 0; i < regions.length; i++) {
            fileIds[i] = regions[i].fileId();
        }
    }

    /** Reads {@code procRoot/PID/maps}; empty when the process is gone or the file unreadable. */
    public static Optional<ProcMaps> read(Path procRoot, int pid) {
        try {
            String text = ProcFiles.readString(procRoot.resolve(Integer.toString(pid)).resolve("maps"), MAX_MAPS_BYTES);
            return Optional.of(parse(text));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Parses maps text; malformed lines are skipped (a partial view beats none). */
    public static ProcMaps parse(String text) {
        List<MappedRegion> list = new ArrayList<>();
        int lineStart = 0;
        while (lineStart < text.length() && list.size() < MAX_REGIONS) {
            int lineEnd = text.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = text.length();
            }
            MappedRegion region = parseLine(text.substring(lineStart, lineEnd));
            if (region != null) {
                list.add(region);
            }
            lineStart = lineEnd + 1;
        }
        list.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
        return new ProcMaps(list.toArray(MappedRegion[]::new));
    }

    /** "start-end perms offset major:minor inode   path"; null when not executable or malformed. */
    static MappedRegion parseLine(String line) {
        String[] f = line.split("\\s+", 6);
        if (f.length < 5 || f[1].length() < 3 || f[1].charAt(2) != 'x') {
            return null;
        }
        try {
            int dash = f[0].indexOf('-');
            int colon = f[3].indexOf(':');
            if (dash < 0 || colon < 0) {
                return null;
            }
            long start = Long.parseUnsignedLong(f[0], 0, dash, 16);
            long end = Long.parseUnsignedLong(f[0], dash + 1, f[0].length(), 16);
            long offset = Long.parseUnsignedLong(f[2], 16);
            long dev = Long.parseLong(f[3], 0, colon, 16) << 32 | Long.parseLong(f[3], colon + 1, f[3].length(), 16);
            long inode = Long.parseUnsignedLong(f[4]);
            String path = f.length == 6 ? f[5].strip() : "";
            boolean deleted = path.endsWith(DELETED);
            if (deleted) {
                path = path.substring(0, path.length() - DELETED.length());
            }
            if (Long.compareUnsigned(end, start) <= 0) {
                return null;
            }
            return new MappedRegion(start, end, offset, dev, inode, path, deleted);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The region containing the address, or null. */
    public MappedRegion find(long address) {
        int i = indexOf(address);
        return i < 0 ? null : regions[i];
    }

    /** The index of the region containing the address, or -1. */
    int indexOf(long address) {
        int lo = 0;
        int hi = regions.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            MappedRegion r = regions[mid];
            if (Long.compareUnsigned(address, r.start()) < 0) {
                hi = mid - 1;
            } else if (Long.compareUnsigned(address, r.end()) >= 0) {
                lo = mid + 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    MappedRegion region(int index) {
        return regions[index];
    }

    String fileId(int index) {
        return fileIds[index];
    }

    public List<MappedRegion> regions() {
        return List.of(regions);
    }

    public int size() {
        return regions.length;
    }
}
