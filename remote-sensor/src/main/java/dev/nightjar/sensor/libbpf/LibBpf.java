package dev.nightjar.sensor.libbpf;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The libbpf functions the sensor uses, one method per C function. Each method
 * applies that function's error convention (NULL and errno, or a negative errno
 * return; see libbpf.h and bpf.h of libbpf 1.x) and raises a {@link BpfException}
 * naming the function. "Not found" outcomes that callers routinely expect are
 * return values, not exceptions.
 *
 * <p>Pointers are {@link MemorySegment}s owned by the caller's wrapper classes
 * ({@link BpfObject}, {@link BpfLink}, ...); application code uses those, not
 * this interface.
 */
public interface LibBpf {

    /** The system's {@code libbpf.so.1}, at least version 1.1. */
    static LibBpf system() {
        return LibBpfLoader.system();
    }

    /** e.g. {@code 1.1}. */
    String version();

    /** libbpf_strerror: text for errno values and libbpf's own error codes. */
    String errorText(int errno);

    /** bpf_object__open_mem (NULL and errno on failure). */
    MemorySegment objectOpenMem(String objectName, MemorySegment elf, MemorySegment openOptions);

    /** bpf_object__load (negative errno); the kernel log lands in the buffer given in the open options. */
    void objectLoad(MemorySegment object, String objectName, MemorySegment kernelLog);

    /** bpf_object__close: frees programs, maps and the object. */
    void objectClose(MemorySegment object);

    /** bpf_object__find_program_by_name; {@link MemorySegment#NULL} when there is none. */
    MemorySegment findProgram(MemorySegment object, String name);

    /** bpf_object__find_map_by_name; {@link MemorySegment#NULL} when there is none. */
    MemorySegment findMap(MemorySegment object, String name);

    /** Names of all programs (bpf_object__next_program, bpf_program__name). */
    List<String> programNames(MemorySegment object);

    /** Names of all maps (bpf_object__next_map, bpf_map__name). */
    List<String> mapNames(MemorySegment object);

    /** bpf_program__set_autoload (negative errno; EBUSY after load). */
    void programSetAutoload(MemorySegment program, String programName, boolean autoload);

    /** bpf_program__set_attach_target with no target program fd: a kernel function or tracepoint name. */
    void programSetAttachTarget(MemorySegment program, String programName, String target);

    /** bpf_program__attach: attaches by section name (NULL and errno). */
    MemorySegment programAttach(MemorySegment program, String programName);

    /** bpf_program__attach_cgroup (NULL and errno). */
    MemorySegment programAttachCgroup(MemorySegment program, String programName, int cgroupFd, String cgroupPath);

    /**
     * bpf_program__attach_perf_event (NULL and errno). On success the link owns the perf event fd:
     * bpf_link__destroy disables and closes it.
     */
    MemorySegment programAttachPerfEvent(MemorySegment program, String programName, int perfEventFd);

    /**
     * bpf_program__attach_uprobe_opts (NULL and errno) with {@code func_name}: libbpf finds the
     * function's offset in the ELF file at {@code binaryPath}. pid -1: every process that maps
     * the file (a uprobe belongs to the file's inode).
     */
    MemorySegment programAttachUprobe(MemorySegment program, String programName, int pid, String binaryPath,
                                      String functionName, boolean retprobe);

    /** bpf_link__destroy: detaches and frees (negative errno). */
    void linkDestroy(MemorySegment link);

    /** bpf_map__fd (negative errno when the map is not created yet). */
    int mapFd(MemorySegment map, String mapName);

    /** bpf_map__type, __key_size, __value_size, __max_entries. */
    MapDefinition mapDefinition(MemorySegment map, String mapName);

    /**
     * bpf_map__reuse_fd (negative errno; only before load): the map becomes the kernel map
     * behind {@code fd} (libbpf duplicates it), whose type and sizes it must have.
     */
    void mapReuseFd(MemorySegment map, String mapName, int fd);

    /** bpf_map__set_max_entries (negative errno; only before load). */
    void mapSetMaxEntries(MemorySegment map, String mapName, int maxEntries);

    /** bpf_map_lookup_elem (negative errno); false for ENOENT. */
    boolean mapLookup(int fd, String mapName, MemorySegment key, MemorySegment value);

    /**
     * bpf_map_lookup_and_delete_elem (negative errno); false for ENOENT. One call where a lookup
     * and a delete would take two (hash, queue, stack and, since 4.x, stack trace maps).
     */
    boolean mapLookupAndDelete(int fd, String mapName, MemorySegment key, MemorySegment value);

    /** bpf_map_update_elem (negative errno). */
    void mapUpdate(int fd, String mapName, MemorySegment key, MemorySegment value, long flags);

    /** bpf_map_delete_elem (negative errno); false for ENOENT. */
    boolean mapDelete(int fd, String mapName, MemorySegment key);

    /** bpf_map_get_next_key (negative errno); false at the end (ENOENT). */
    boolean mapNextKey(int fd, String mapName, MemorySegment keyOrNull, MemorySegment nextKey);

    /**
     * bpf_map_lookup_batch or bpf_map_lookup_and_delete_batch. Returns the raw
     * outcome, because its errno values carry meaning the caller acts on:
     * 0 more to come, ENOENT done, ENOSPC buffer smaller than a hash bucket,
     * EINVAL/ENOTSUPP not supported by this kernel or map type.
     *
     * @param count in: capacity of keys/values in elements
     */
    BatchStep mapBatch(int fd, String mapName, boolean delete, MemorySegment inBatch, MemorySegment outBatch,
                       MemorySegment keys, MemorySegment values, int count);

    /** libbpf_num_possible_cpus (negative errno). */
    int possibleCpus();

    /** Type and sizes of a map, as libbpf reports them. */
    record MapDefinition(int type, int keySize, int valueSize, int maxEntries) {
    }

    /** One batch call's outcome: elements returned and the errno (0 for success). */
    record BatchStep(int count, int errno) {
    }
}
