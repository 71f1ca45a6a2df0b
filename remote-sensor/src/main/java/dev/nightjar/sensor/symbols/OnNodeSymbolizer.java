package dev.nightjar.sensor.symbols;

import dev.nightjar.protocol.v1.FrameKind;
import dev.nightjar.sensor.btf.KernelSymbols;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The symbolizer of a node: kernel frames from kallsyms, native frames from the ELF symbols of the
 * file mapped at the address (read through the process's own root, or its map_files entry when the
 * file was deleted), JIT frames from the process's perf map. Binaries are cached by build id (or
 * dev:inode) in one LRU bounded by bytes; per-process maps are cached by pid, bounded by count.
 *
 * <p>Stacks are innermost first. Every frame after the first is a return address, which points
 * after its call instruction and, for a call at the very end of a function, already into the next
 * one; so callers are looked up at {@code address - 1}. Names show the address as sampled.
 */
public final class OnNodeSymbolizer implements StackSymbolizer {

    static final String UNKNOWN = "[unknown]";
    private static final int MAX_PERF_MAP_LINES = 1_000_000;
    private static final long MAX_PERF_MAP_BYTES = 64L << 20;
    private static final int MAX_BINARY_IDS = 16_384;
    /**
     * A process without frame pointers yields garbage addresses in most stacks: its maps are
     * re-read (and a missing perf map looked for again) at most this often, not on every stack.
     */
    static final long RECHECK_NANOS = 1_000_000_000L;
    /** Above this no user-space address exists (x86_64 and arm64 with 48-bit, or 52-bit, addresses). */
    private static final long USER_SPACE_END = 1L << 56;
    private static final long FIRST_PAGE_END = 4096;

    private final Path procRoot;
    private final KernelSymbols kernel;
    private final SymbolCache<CachedTable> cache;
    private final Map<Integer, ProcessView> processes;
    /** dev:inode of a mapped file → the cache key of its table (its build id when it has one). */
    private final Map<String, String> binaryKeys;
    private long framesNamed;
    private long framesUnnamed;
    private long mapsRereads;

    OnNodeSymbolizer(Path procRoot, KernelSymbols kernel, long cacheBytes, int maxProcesses) {
        if (maxProcesses < 1) {
            throw new IllegalArgumentException("maxProcesses must be at least 1, was " + maxProcesses);
        }
        this.procRoot = procRoot;
        this.kernel = kernel;
        this.cache = new SymbolCache<>(cacheBytes);
        this.processes = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, ProcessView> eldest) {
                if (size() > maxProcesses) {
                    cache.remove(perfMapKey(eldest.getKey()));
                    return true;
                }
                return false;
            }
        };
        this.binaryKeys = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > MAX_BINARY_IDS;
            }
        };
    }

    @Override
    public synchronized void remember(int pid) {
        ProcessView view = processes.get(pid);
        if (view != null) {
            long startTicks = ProcessView.startTicks(procRoot, pid);
            if (startTicks >= 0 && startTicks != view.startTicks) {
                forget(pid); // the pid now belongs to a new process: the old one was never forgotten
                view = null;
            }
        }
        if (view == null) {
            view = ProcessView.read(procRoot, pid).orElse(null);
            if (view == null) {
                return; // already gone: nothing left to read
            }
            processes.put(pid, view);
        }
        if (view.remembered) {
            return;
        }
        view.remembered = true;
        loadBinaries(view);
        perfMap(view, true);
    }

    private void loadBinaries(ProcessView view) {
        ProcMaps maps = view.maps();
        for (int i = 0; i < maps.size(); i++) {
            if (maps.region(i).fileBacked()) {
                binaryFor(view, maps.region(i), maps.fileId(i));
            }
        }
    }

    @Override
    public synchronized List<SymbolizedFrame> kernelFrames(long[] addresses, int count) {
        int n = bounded(addresses, count);
        List<SymbolizedFrame> frames = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long address = addresses[i];
            Optional<String> name = kernel.symbolOf(i == 0 ? address : address - 1);
            if (name.isPresent()) {
                framesNamed++;
                frames.add(new SymbolizedFrame(name.get(), FrameKind.FRAME_KIND_KERNEL));
            } else {
                framesUnnamed++; // still a kernel frame: the stack map said so
                frames.add(new SymbolizedFrame("[kernel]+0x" + Long.toHexString(address), FrameKind.FRAME_KIND_KERNEL));
            }
        }
        return frames;
    }

    @Override
    public synchronized List<SymbolizedFrame> userFrames(int pid, long[] addresses, int count) {
        int n = bounded(addresses, count);
        ProcessView view = processes.get(pid);
        if (view == null) {
            view = ProcessView.read(procRoot, pid).orElse(null);
            if (view != null) {
                processes.put(pid, view);
            }
        }
        List<SymbolizedFrame> frames = new ArrayList<>(n);
        boolean mapsRefreshed = false;
        boolean perfMapChecked = false;
        for (int i = 0; i < n; i++) {
            long address = addresses[i];
            long lookup = i == 0 ? address : address - 1;
            int index = view == null ? -1 : view.maps().indexOf(lookup);
            if (index < 0 && view != null && !mapsRefreshed && mayRereadMaps(view, lookup)) {
                mapsRefreshed = true; // at most once per stack: a dlopen'ed library, or a truly wild address
                mapsRereads++;
                view.refreshMaps(procRoot);
                if (view.remembered) {
                    loadBinaries(view); // what was dlopen'ed must outlive the process too
                }
                index = view.maps().indexOf(lookup);
            }
            SymbolizedFrame frame = named(view, index, lookup, !perfMapChecked);
            if (frame == null && view != null) {
                perfMapChecked = true;
            }
            if (frame != null) {
                framesNamed++;
            } else {
                framesUnnamed++;
                MappedRegion region = index < 0 ? null : view.maps().region(index);
                frame = new SymbolizedFrame(region == null ? UNKNOWN
                        : region.label() + "+0x" + Long.toHexString(region.fileOffset(address)), FrameKind.FRAME_KIND_UNKNOWN);
            }
            frames.add(frame);
        }
        return frames;
    }

    @Override
    public synchronized List<String> userModules(int pid, long[] addresses, int count) {
        int n = bounded(addresses, count);
        ProcessView view = processes.get(pid);
        List<String> modules = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int index = view == null ? -1 : view.maps().indexOf(i == 0 ? addresses[i] : addresses[i] - 1);
            MappedRegion region = index < 0 ? null : view.maps().region(index);
            modules.add(region == null || region.anonymous() ? "" : region.path());
        }
        return modules;
    }

    /** A plausible user address outside the known maps, and no re-read within the last second but the first. */
    private static boolean mayRereadMaps(ProcessView view, long address) {
        if (Long.compareUnsigned(address, FIRST_PAGE_END) < 0 || Long.compareUnsigned(address, USER_SPACE_END) >= 0) {
            return false;
        }
        long now = System.nanoTime();
        if (view.mapsRereadNanos != 0 && now - view.mapsRereadNanos < RECHECK_NANOS) {
            return false;
        }
        view.mapsRereadNanos = now == 0 ? 1 : now;
        return true;
    }

    /** The ELF or perf-map name of an address, or null. */
    private SymbolizedFrame named(ProcessView view, int index, long lookup, boolean mayRereadPerfMap) {
        if (view == null) {
            return null;
        }
        MappedRegion region = index < 0 ? null : view.maps().region(index);
        if (region != null && region.fileBacked()) {
            String name = binaryFor(view, region, view.maps().fileId(index)).symbolAtFileOffset(region.fileOffset(lookup));
            if (name != null) {
                return new SymbolizedFrame(name, FrameKind.FRAME_KIND_NATIVE);
            }
        }
        PerfMap perfMap = perfMap(view, false);
        String name = perfMap == null ? null : perfMap.nameAt(lookup);
        if (name == null && mayRereadPerfMap) {
            perfMap = perfMap(view, true); // JITs append: the code may be newer than what was read
            name = perfMap == null ? null : perfMap.nameAt(lookup);
        }
        return name == null ? null : new SymbolizedFrame(name, PerfMap.kindOf(name));
    }

    /** The symbols of a mapped file: cached, or read now; an empty table when it cannot be read. */
    private ElfSymbols binaryFor(ProcessView view, MappedRegion region, String fileId) {
        String key = binaryKeys.get(fileId);
        if (key != null && cache.get(key) instanceof ElfSymbols cached) {
            return cached;
        }
        if (view.unreadableBinaries.contains(fileId)) {
            return ElfSymbols.none("unreadable");
        }
        ElfSymbols read = readBinary(view, region);
        if (read == null) {
            view.markUnreadable(fileId);
            return ElfSymbols.none("unreadable");
        }
        key = read.buildId().isEmpty() ? fileId : "build:" + read.buildId();
        binaryKeys.put(fileId, key);
        if (cache.get(key) instanceof ElfSymbols same) {
            return same; // the same binary under another inode (another image layer)
        }
        return (ElfSymbols) cache.put(key, read);
    }

    /**
     * Reads the file through the process's own mount namespace; a deleted (or replaced) file through
     * its map_files entry, which still refers to the mapped inode. Null when neither can be read.
     */
    private ElfSymbols readBinary(ProcessView view, MappedRegion region) {
        Path pidDir = procRoot.resolve(Integer.toString(view.pid));
        Path byPath = pidDir.resolve("root").resolve(region.path().replaceFirst("^/+", ""));
        Path byMapping = pidDir.resolve("map_files").resolve(region.mapFilesName());
        for (Path candidate : region.deleted() ? List.of(byMapping, byPath) : List.of(byPath, byMapping)) {
            try {
                return ElfReader.readOpenable(candidate);
            } catch (IOException e) {
                // try the other way in; both failing means the process is gone or we lack the rights
            }
        }
        return null;
    }

    /** The process's perf map, re-read when {@code checkFile} and the file changed size; null when none. */
    private PerfMap perfMap(ProcessView view, boolean checkFile) {
        String key = view.perfMapKey;
        PerfMap cached = cache.get(key) instanceof PerfMap p ? p : null;
        if (!checkFile) {
            return cached;
        }
        long now = System.nanoTime();
        if (cached == null && view.perfMapMissingNanos != 0 && now - view.perfMapMissingNanos < RECHECK_NANOS) {
            return null; // looked a moment ago and there was none
        }
        Path file = view.perfMapPath(procRoot);
        try {
            long size = Files.size(file);
            view.perfMapMissingNanos = 0;
            if (cached != null && size == view.perfMapBytesSeen) {
                return cached;
            }
            PerfMap fresh = PerfMap.read(file, MAX_PERF_MAP_BYTES, MAX_PERF_MAP_LINES);
            view.perfMapBytesSeen = fresh.bytesRead();
            return (PerfMap) cache.put(key, fresh);
        } catch (NoSuchFileException e) {
            view.perfMapMissingNanos = now == 0 ? 1 : now;
            return cached;
        } catch (IOException e) {
            return cached; // the process is gone or the file is unreadable: keep what was read
        }
    }

    static String perfMapKey(int pid) {
        return "perf:" + pid;
    }

    private static int bounded(long[] addresses, int count) {
        return Math.max(0, Math.min(count, addresses.length));
    }

    @Override
    public synchronized void forget(int pid) {
        processes.remove(pid);
        cache.remove(perfMapKey(pid));
    }

    @Override
    public synchronized SymbolizerStats stats() {
        return new SymbolizerStats(framesNamed, framesUnnamed, cache.count(ElfSymbols.class), cache.bytes(),
                cache.evictions());
    }

    /** How often maps were re-read for an address outside them (health, and the test of the limit). */
    synchronized long mapsRereads() {
        return mapsRereads;
    }

    /** Processes whose maps are held. */
    public synchronized int processCount() {
        return processes.size();
    }

    @Override
    public synchronized void close() {
        processes.clear();
        binaryKeys.clear();
        cache.clear();
    }
}
