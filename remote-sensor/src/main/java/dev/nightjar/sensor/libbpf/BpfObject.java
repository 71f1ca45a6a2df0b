package dev.nightjar.sensor.libbpf;

import dev.nightjar.sensor.bpf.EmbeddedBpfObjects;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code struct bpf_object}: opened from bytes in memory (never a temp
 * file), configured, loaded into the kernel, closed once.
 *
 * <p>The object owns its programs and maps ({@link BpfProgram}, {@link BpfMap}
 * are views that die with it) and everything made from them: links and ring
 * buffers are closed, newest first, before the object itself. Thread-safe;
 * the owner must stop using maps before closing (collectors close it only when
 * no flush or poll is running, see KernelCollector.close).
 */
public final class BpfObject implements AutoCloseable {

    /** Room for a verifier log of a large program at level 1. */
    static final long KERNEL_LOG_BYTES = 4L * 1024 * 1024;

    private final LibBpf lib;
    private final String name;
    private final MemorySegment object;
    /** ELF copy, open options and log buffer: libbpf reads them until load ends. */
    private Arena loadArena;
    private final MemorySegment kernelLog;
    private final Map<String, BpfProgram> programs = new LinkedHashMap<>();
    private final Map<String, BpfMap> maps = new LinkedHashMap<>();
    private final Deque<AutoCloseable> dependents = new ArrayDeque<>();
    private boolean loaded;
    private volatile boolean closed;

    private BpfObject(LibBpf lib, String name, byte[] elf) {
        this.lib = lib;
        this.name = name;
        this.loadArena = Arena.ofShared();
        try {
            MemorySegment elfCopy = loadArena.allocate(elf.length, 8);
            elfCopy.copyFrom(MemorySegment.ofArray(elf));
            this.kernelLog = loadArena.allocate(KERNEL_LOG_BYTES);
            MemorySegment opts = ObjectOpenOptions.allocate(loadArena, name, kernelLog);
            this.object = lib.objectOpenMem(name, elfCopy, opts);
        } catch (RuntimeException e) {
            loadArena.close();
            throw e;
        }
    }

    /** Opens an object from its ELF bytes. */
    public static BpfObject open(LibBpf lib, String name, byte[] elf) {
        Objects.requireNonNull(lib, "lib");
        return new BpfObject(lib, name, elf);
    }

    /** Opens one of the objects embedded in the sensor jar, e.g. {@code flows}. */
    public static BpfObject openEmbedded(LibBpf lib, String name) {
        return open(lib, name, EmbeddedBpfObjects.read(name));
    }

    public String name() {
        return name;
    }

    LibBpf lib() {
        return lib;
    }

    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("eBPF object '" + name + "' is closed");
        }
    }

    /** A program of this object, by its C function name. */
    public synchronized BpfProgram program(String programName) {
        ensureOpen();
        return programs.computeIfAbsent(programName, n -> {
            MemorySegment p = lib.findProgram(object, n);
            if (p.address() == 0) {
                throw new BpfObjectException("bpf_object__find_program_by_name", Errno.ENOENT,
                        lib.errorText(Errno.ENOENT), "eBPF object '" + name + "' has no program '" + n
                        + "'; it has " + lib.programNames(object));
            }
            return new BpfProgram(this, p, n);
        });
    }

    /** The names of this object's programs (their C function names), in the object's order. */
    public synchronized List<String> programNames() {
        ensureOpen();
        return lib.programNames(object);
    }

    /** The names of the maps libbpf found in the object (its .maps need the object's BTF). */
    synchronized List<String> mapNames() {
        ensureOpen();
        return lib.mapNames(object);
    }

    /** A map of this object, by its C variable name. */
    public synchronized BpfMap map(String mapName) {
        ensureOpen();
        return maps.computeIfAbsent(mapName, n -> {
            MemorySegment m = lib.findMap(object, n);
            if (m.address() == 0) {
                throw new BpfObjectException("bpf_object__find_map_by_name", Errno.ENOENT,
                        lib.errorText(Errno.ENOENT), "eBPF object '" + name + "' has no map '" + n
                        + "'; it has " + lib.mapNames(object));
            }
            return new BpfMap(this, m, n);
        });
    }

    /**
     * Loads every program whose autoload is on, and creates the maps.
     *
     * @throws BpfLoadException with the kernel's verifier log when the kernel refuses
     */
    public synchronized void load() {
        ensureOpen();
        if (loaded) {
            throw new IllegalStateException("eBPF object '" + name + "' is already loaded");
        }
        try {
            lib.objectLoad(object, name, kernelLog);
            loaded = true;
        } finally {
            // libbpf no longer reads the ELF, options or log once load returns.
            loadArena.close();
            loadArena = null;
        }
    }

    public boolean isLoaded() {
        return loaded;
    }

    /** Maps a ring buffer map of this loaded object for reading; closed with the object. */
    public synchronized RingBuffer ringBuffer(String mapName) {
        RingBuffer ring = RingBuffer.map(map(mapName));
        dependents.push(ring);
        return ring;
    }

    /** Links detached since are forgotten here, so attaching and detaching again and again holds no more. */
    synchronized void adopt(AutoCloseable dependent) {
        dependents.removeIf(d -> d instanceof BpfLink link && link.isClosed());
        dependents.push(dependent);
    }

    /**
     * Closes links and ring buffers newest first, then the object with its
     * programs and maps. A second call does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException first = null;
        while (!dependents.isEmpty()) {
            try {
                dependents.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                }
            }
        }
        lib.objectClose(object);
        if (loadArena != null) {
            loadArena.close();
            loadArena = null;
        }
        if (first != null) {
            throw first;
        }
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "BpfObject[" + name + (closed ? ", closed" : loaded ? ", loaded" : ", open") + "]";
    }
}
