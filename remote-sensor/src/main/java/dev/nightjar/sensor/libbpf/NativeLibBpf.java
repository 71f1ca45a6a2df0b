package dev.nightjar.sensor.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link LibBpf} over the system's libbpf.so.1 through the FFM API.
 *
 * <p>Two error conventions, handled per function as libbpf 1.x documents them:
 * functions returning a pointer return NULL and set errno (those handles
 * capture errno with {@code captureCallState}); functions returning int return
 * a negative errno (libbpf_err / libbpf_err_errno), read from the return value.
 * {@code libbpf_get_error} is not used: it is deprecated in 1.x.
 */
final class NativeLibBpf implements LibBpf {

    static final NativeLibBpf INSTANCE = new NativeLibBpf();

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBBPF = SymbolLookup.libraryLookup(LibBpfLoader.LIBRARY, Arena.global());
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final int STRERROR_BUFFER = 256;

    // ---- NULL + errno
    private static final MethodHandle OBJECT_OPEN_MEM = errnoHandle("bpf_object__open_mem",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    private static final MethodHandle OBJECT_FIND_PROGRAM = errnoHandle("bpf_object__find_program_by_name",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle OBJECT_FIND_MAP = errnoHandle("bpf_object__find_map_by_name",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle PROGRAM_ATTACH = errnoHandle("bpf_program__attach",
            FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle PROGRAM_ATTACH_CGROUP = errnoHandle("bpf_program__attach_cgroup",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle PROGRAM_ATTACH_PERF_EVENT = errnoHandle("bpf_program__attach_perf_event",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle PROGRAM_ATTACH_UPROBE_OPTS = errnoHandle("bpf_program__attach_uprobe_opts",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
    /**
     * struct bpf_uprobe_opts of libbpf 1.1: sz @0, ref_ctr_offset @8, bpf_cookie @16,
     * retprobe @24 (bool), func_name @32; 40 bytes. Later versions append fields, and read
     * only the first sz bytes of an older caller's struct.
     */
    private static final long UPROBE_OPTS_SIZE = 40;
    private static final long UPROBE_OPTS_RETPROBE = 24;
    private static final long UPROBE_OPTS_FUNC_NAME = 32;

    // ---- negative errno
    private static final MethodHandle OBJECT_LOAD = handle("bpf_object__load",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle PROGRAM_SET_AUTOLOAD = handle("bpf_program__set_autoload",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_BOOLEAN));
    private static final MethodHandle PROGRAM_SET_ATTACH_TARGET = handle("bpf_program__set_attach_target",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    private static final MethodHandle LINK_DESTROY = handle("bpf_link__destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle MAP_FD = handle("bpf_map__fd",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle MAP_REUSE_FD = handle("bpf_map__reuse_fd",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle MAP_SET_MAX_ENTRIES = handle("bpf_map__set_max_entries",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle MAP_LOOKUP = handle("bpf_map_lookup_elem",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle MAP_LOOKUP_AND_DELETE = handle("bpf_map_lookup_and_delete_elem",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle MAP_UPDATE = handle("bpf_map_update_elem",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    private static final MethodHandle MAP_DELETE = handle("bpf_map_delete_elem",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle MAP_NEXT_KEY = handle("bpf_map_get_next_key",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final FunctionDescriptor BATCH = FunctionDescriptor.of(JAVA_INT,
            JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    private static final MethodHandle MAP_LOOKUP_BATCH = handle("bpf_map_lookup_batch", BATCH);
    private static final MethodHandle MAP_LOOKUP_AND_DELETE_BATCH = handle("bpf_map_lookup_and_delete_batch", BATCH);
    private static final MethodHandle NUM_POSSIBLE_CPUS = handle("libbpf_num_possible_cpus",
            FunctionDescriptor.of(JAVA_INT));

    // ---- no error
    private static final MethodHandle OBJECT_CLOSE = handle("bpf_object__close",
            FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle OBJECT_NEXT_PROGRAM = handle("bpf_object__next_program",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle OBJECT_NEXT_MAP = handle("bpf_object__next_map",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle PROGRAM_NAME = handle("bpf_program__name",
            FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle MAP_NAME = handle("bpf_map__name",
            FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle MAP_TYPE = handle("bpf_map__type",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle MAP_KEY_SIZE = handle("bpf_map__key_size",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle MAP_VALUE_SIZE = handle("bpf_map__value_size",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle MAP_MAX_ENTRIES = handle("bpf_map__max_entries",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle STRERROR = handle("libbpf_strerror",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle MAJOR_VERSION = handle("libbpf_major_version",
            FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle MINOR_VERSION = handle("libbpf_minor_version",
            FunctionDescriptor.of(JAVA_INT));

    private NativeLibBpf() {
    }

    private static MemorySegment symbol(String name) {
        return LIBBPF.find(name).orElseThrow(() -> new IllegalStateException(
                LibBpfLoader.LIBRARY + " has no function " + name));
    }

    private static MethodHandle handle(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(symbol(name), descriptor);
    }

    private static MethodHandle errnoHandle(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(symbol(name), descriptor, CAPTURE_ERRNO);
    }

    /** A MethodHandle threw: only possible through a bug in a descriptor. */
    private static IllegalStateException bug(String function, Throwable t) {
        return new IllegalStateException("calling " + function + " through FFM failed", t);
    }

    @Override
    public String version() {
        try {
            return (int) MAJOR_VERSION.invokeExact() + "." + (int) MINOR_VERSION.invokeExact();
        } catch (Throwable t) {
            throw bug("libbpf_major_version", t);
        }
    }

    @Override
    public String errorText(int errno) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(STRERROR_BUFFER);
            int rc = (int) STRERROR.invokeExact(errno, buffer, (long) STRERROR_BUFFER);
            String text = buffer.getString(0);
            return rc == 0 && !text.isEmpty() ? text : Libc.strerror(errno);
        } catch (Throwable t) {
            throw bug("libbpf_strerror", t);
        }
    }

    private BpfObjectException objectError(String function, int errno, String detail) {
        return new BpfObjectException(function, errno, errorText(errno), detail);
    }

    @Override
    public MemorySegment objectOpenMem(String objectName, MemorySegment elf, MemorySegment openOptions) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.captureState(arena);
            MemorySegment object = (MemorySegment) OBJECT_OPEN_MEM.invokeExact(cs, elf, elf.byteSize(), openOptions);
            if (object.address() == 0) {
                throw objectError("bpf_object__open_mem", Libc.errno(cs),
                        "cannot open eBPF object '" + objectName + "' (" + elf.byteSize() + " bytes of ELF)");
            }
            return object;
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw bug("bpf_object__open_mem", t);
        }
    }

    @Override
    public void objectLoad(MemorySegment object, String objectName, MemorySegment kernelLog) {
        int rc;
        try {
            rc = (int) OBJECT_LOAD.invokeExact(object);
        } catch (Throwable t) {
            throw bug("bpf_object__load", t);
        }
        if (rc < 0) {
            String log = kernelLog.address() == 0 ? "" : kernelLog.getString(0);
            throw new BpfLoadException(objectName, "bpf_object__load", -rc, errorText(-rc), log);
        }
    }

    @Override
    public void objectClose(MemorySegment object) {
        try {
            OBJECT_CLOSE.invokeExact(object);
        } catch (Throwable t) {
            throw bug("bpf_object__close", t);
        }
    }

    @Override
    public MemorySegment findProgram(MemorySegment object, String name) {
        return find(OBJECT_FIND_PROGRAM, "bpf_object__find_program_by_name", object, name);
    }

    @Override
    public MemorySegment findMap(MemorySegment object, String name) {
        return find(OBJECT_FIND_MAP, "bpf_object__find_map_by_name", object, name);
    }

    private MemorySegment find(MethodHandle finder, String function, MemorySegment object, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.captureState(arena);
            MemorySegment found = (MemorySegment) finder.invokeExact(cs, object, arena.allocateFrom(name));
            if (found.address() != 0) {
                return found;
            }
            int errno = Libc.errno(cs);
            if (errno == Errno.ENOENT) {
                return MemorySegment.NULL;
            }
            throw objectError(function, errno, "looking up '" + name + "'");
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw bug(function, t);
        }
    }

    @Override
    public List<String> programNames(MemorySegment object) {
        List<String> names = new ArrayList<>();
        try {
            MemorySegment program = (MemorySegment) OBJECT_NEXT_PROGRAM.invokeExact(object, MemorySegment.NULL);
            while (program.address() != 0) {
                names.add(cString((MemorySegment) PROGRAM_NAME.invokeExact(program)));
                program = (MemorySegment) OBJECT_NEXT_PROGRAM.invokeExact(object, program);
            }
        } catch (Throwable t) {
            throw bug("bpf_object__next_program", t);
        }
        return names;
    }

    @Override
    public List<String> mapNames(MemorySegment object) {
        List<String> names = new ArrayList<>();
        try {
            MemorySegment map = (MemorySegment) OBJECT_NEXT_MAP.invokeExact(object, MemorySegment.NULL);
            while (map.address() != 0) {
                names.add(cString((MemorySegment) MAP_NAME.invokeExact(map)));
                map = (MemorySegment) OBJECT_NEXT_MAP.invokeExact(object, map);
            }
        } catch (Throwable t) {
            throw bug("bpf_object__next_map", t);
        }
        return names;
    }

    private static String cString(MemorySegment pointer) {
        return pointer.address() == 0 ? "" : pointer.reinterpret(Long.MAX_VALUE).getString(0);
    }

    @Override
    public void programSetAutoload(MemorySegment program, String programName, boolean autoload) {
        int rc;
        try {
            rc = (int) PROGRAM_SET_AUTOLOAD.invokeExact(program, autoload);
        } catch (Throwable t) {
            throw bug("bpf_program__set_autoload", t);
        }
        if (rc < 0) {
            throw objectError("bpf_program__set_autoload", -rc,
                    "cannot change autoload of program '" + programName + "' (only before the object is loaded)");
        }
    }

    @Override
    public void programSetAttachTarget(MemorySegment program, String programName, String target) {
        int rc;
        try (Arena arena = Arena.ofConfined()) {
            rc = (int) PROGRAM_SET_ATTACH_TARGET.invokeExact(program, 0, arena.allocateFrom(target));
        } catch (Throwable t) {
            throw bug("bpf_program__set_attach_target", t);
        }
        if (rc < 0) {
            throw objectError("bpf_program__set_attach_target", -rc,
                    "cannot point program '" + programName + "' at '" + target + "'");
        }
    }

    @Override
    public MemorySegment programAttach(MemorySegment program, String programName) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.captureState(arena);
            MemorySegment link = (MemorySegment) PROGRAM_ATTACH.invokeExact(cs, program);
            if (link.address() == 0) {
                int errno = Libc.errno(cs);
                throw new BpfAttachException(programName, "bpf_program__attach", errno, errorText(errno), "");
            }
            return link;
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw bug("bpf_program__attach", t);
        }
    }

    @Override
    public MemorySegment programAttachCgroup(MemorySegment program, String programName, int cgroupFd,
                                             String cgroupPath) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.captureState(arena);
            MemorySegment link = (MemorySegment) PROGRAM_ATTACH_CGROUP.invokeExact(cs, program, cgroupFd);
            if (link.address() == 0) {
                int errno = Libc.errno(cs);
                throw new BpfAttachException(programName, "bpf_program__attach_cgroup", errno, errorText(errno),
                        " to cgroup " + cgroupPath);
            }
            return link;
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw bug("bpf_program__attach_cgroup", t);
        }
    }

    @Override
    public MemorySegment programAttachPerfEvent(MemorySegment program, String programName, int perfEventFd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.captureState(arena);
            MemorySegment link = (MemorySegment) PROGRAM_ATTACH_PERF_EVENT.invokeExact(cs, program, perfEventFd);
            if (link.address() == 0) {
                int errno = Libc.errno(cs);
                throw new BpfAttachException(programName, "bpf_program__attach_perf_event", errno, errorText(errno),
                        " to perf event fd " + perfEventFd);
            }
            return link;
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw bug("bpf_program__attach_perf_event", t);
        }
    }

    @Override
    public MemorySegment programAttachUprobe(MemorySegment program, String programName, int pid, String binaryPath,
                                             String functionName, boolean retprobe) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment opts = arena.allocate(UPROBE_OPTS_SIZE, 8);
            opts.set(JAVA_LONG, 0, UPROBE_OPTS_SIZE);
            opts.set(JAVA_BYTE, UPROBE_OPTS_RETPROBE, (byte) (retprobe ? 1 : 0));
            opts.set(ADDRESS, UPROBE_OPTS_FUNC_NAME, arena.allocateFrom(functionName));
            MemorySegment cs = Libc.captureState(arena);
            MemorySegment link = (MemorySegment) PROGRAM_ATTACH_UPROBE_OPTS.invokeExact(cs, program, pid,
                    arena.allocateFrom(binaryPath), 0L, opts);
            if (link.address() == 0) {
                int errno = Libc.errno(cs);
                throw new BpfAttachException(programName, "bpf_program__attach_uprobe_opts", errno, errorText(errno),
                        " to " + functionName + (retprobe ? " (return)" : "") + " in " + binaryPath);
            }
            return link;
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw bug("bpf_program__attach_uprobe_opts", t);
        }
    }

    @Override
    public void linkDestroy(MemorySegment link) {
        int rc;
        try {
            rc = (int) LINK_DESTROY.invokeExact(link);
        } catch (Throwable t) {
            throw bug("bpf_link__destroy", t);
        }
        if (rc < 0) {
            throw objectError("bpf_link__destroy", -rc, "cannot detach link");
        }
    }

    @Override
    public int mapFd(MemorySegment map, String mapName) {
        int fd;
        try {
            fd = (int) MAP_FD.invokeExact(map);
        } catch (Throwable t) {
            throw bug("bpf_map__fd", t);
        }
        if (fd < 0) {
            throw new BpfMapException(mapName, "bpf_map__fd", -fd, errorText(-fd) + " (is the object loaded?)");
        }
        return fd;
    }

    @Override
    public MapDefinition mapDefinition(MemorySegment map, String mapName) {
        try {
            return new MapDefinition((int) MAP_TYPE.invokeExact(map), (int) MAP_KEY_SIZE.invokeExact(map),
                    (int) MAP_VALUE_SIZE.invokeExact(map), (int) MAP_MAX_ENTRIES.invokeExact(map));
        } catch (Throwable t) {
            throw bug("bpf_map__type", t);
        }
    }

    @Override
    public void mapReuseFd(MemorySegment map, String mapName, int fd) {
        int rc;
        try {
            rc = (int) MAP_REUSE_FD.invokeExact(map, fd);
        } catch (Throwable t) {
            throw bug("bpf_map__reuse_fd", t);
        }
        if (rc < 0) {
            throw new BpfMapException(mapName, "bpf_map__reuse_fd", -rc,
                    errorText(-rc) + " (only before the object is loaded, and only a map of the same shape)");
        }
    }

    @Override
    public void mapSetMaxEntries(MemorySegment map, String mapName, int maxEntries) {
        int rc;
        try {
            rc = (int) MAP_SET_MAX_ENTRIES.invokeExact(map, maxEntries);
        } catch (Throwable t) {
            throw bug("bpf_map__set_max_entries", t);
        }
        if (rc < 0) {
            throw new BpfMapException(mapName, "bpf_map__set_max_entries", -rc,
                    errorText(-rc) + " (only before the object is loaded)");
        }
    }

    private BpfMapException mapError(String mapName, String function, int rc) {
        return new BpfMapException(mapName, function, -rc, errorText(-rc));
    }

    @Override
    public boolean mapLookupAndDelete(int fd, String mapName, MemorySegment key, MemorySegment value) {
        int rc;
        try {
            rc = (int) MAP_LOOKUP_AND_DELETE.invokeExact(fd, key, value);
        } catch (Throwable t) {
            throw bug("bpf_map_lookup_and_delete_elem", t);
        }
        if (rc == -Errno.ENOENT) {
            return false;
        }
        if (rc < 0) {
            throw mapError(mapName, "bpf_map_lookup_and_delete_elem", rc);
        }
        return true;
    }

    @Override
    public boolean mapLookup(int fd, String mapName, MemorySegment key, MemorySegment value) {
        int rc;
        try {
            rc = (int) MAP_LOOKUP.invokeExact(fd, key, value);
        } catch (Throwable t) {
            throw bug("bpf_map_lookup_elem", t);
        }
        if (rc == -Errno.ENOENT) {
            return false;
        }
        if (rc < 0) {
            throw mapError(mapName, "bpf_map_lookup_elem", rc);
        }
        return true;
    }

    @Override
    public void mapUpdate(int fd, String mapName, MemorySegment key, MemorySegment value, long flags) {
        int rc;
        try {
            rc = (int) MAP_UPDATE.invokeExact(fd, key, value, flags);
        } catch (Throwable t) {
            throw bug("bpf_map_update_elem", t);
        }
        if (rc < 0) {
            throw mapError(mapName, "bpf_map_update_elem", rc);
        }
    }

    @Override
    public boolean mapDelete(int fd, String mapName, MemorySegment key) {
        int rc;
        try {
            rc = (int) MAP_DELETE.invokeExact(fd, key);
        } catch (Throwable t) {
            throw bug("bpf_map_delete_elem", t);
        }
        if (rc == -Errno.ENOENT) {
            return false;
        }
        if (rc < 0) {
            throw mapError(mapName, "bpf_map_delete_elem", rc);
        }
        return true;
    }

    @Override
    public boolean mapNextKey(int fd, String mapName, MemorySegment keyOrNull, MemorySegment nextKey) {
        int rc;
        try {
            rc = (int) MAP_NEXT_KEY.invokeExact(fd, keyOrNull, nextKey);
        } catch (Throwable t) {
            throw bug("bpf_map_get_next_key", t);
        }
        if (rc == -Errno.ENOENT) {
            return false;
        }
        if (rc < 0) {
            throw mapError(mapName, "bpf_map_get_next_key", rc);
        }
        return true;
    }

    @Override
    public BatchStep mapBatch(int fd, String mapName, boolean delete, MemorySegment inBatch, MemorySegment outBatch,
                              MemorySegment keys, MemorySegment values, int count) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment countInOut = arena.allocate(JAVA_INT);
            countInOut.set(JAVA_INT, 0, count);
            int rc = delete
                    ? (int) MAP_LOOKUP_AND_DELETE_BATCH.invokeExact(fd, inBatch, outBatch, keys, values, countInOut,
                            MemorySegment.NULL)
                    : (int) MAP_LOOKUP_BATCH.invokeExact(fd, inBatch, outBatch, keys, values, countInOut,
                            MemorySegment.NULL);
            return new BatchStep(countInOut.get(JAVA_INT, 0), rc < 0 ? -rc : 0);
        } catch (Throwable t) {
            throw bug(delete ? "bpf_map_lookup_and_delete_batch" : "bpf_map_lookup_batch", t);
        }
    }

    @Override
    public int possibleCpus() {
        int n;
        try {
            n = (int) NUM_POSSIBLE_CPUS.invokeExact();
        } catch (Throwable t) {
            throw bug("libbpf_num_possible_cpus", t);
        }
        if (n < 0) {
            throw objectError("libbpf_num_possible_cpus", -n, "reading /sys/devices/system/cpu/possible");
        }
        return n;
    }
}
