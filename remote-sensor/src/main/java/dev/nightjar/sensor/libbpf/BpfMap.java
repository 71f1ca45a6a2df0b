package dev.nightjar.sensor.libbpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A map inside a {@link BpfObject}, freed with it. Operations work on caller
 * supplied key and value segments sized {@link #keySize()} and
 * {@link #valueBufferSize()}. Safe to use from several threads while the
 * object is open.
 */
public final class BpfMap {

    public static final int TYPE_HASH = 1;
    public static final int TYPE_ARRAY = 2;
    public static final int TYPE_PERCPU_HASH = 5;
    public static final int TYPE_PERCPU_ARRAY = 6;
    public static final int TYPE_LRU_HASH = 9;
    public static final int TYPE_LRU_PERCPU_HASH = 10;
    public static final int TYPE_RINGBUF = 27;

    private static final int FIRST_BATCH = 256;

    /** bpf_map_update_elem flags. */
    public enum UpdateMode {
        ANY(0), NO_EXIST(1), EXIST(2);

        final long flag;

        UpdateMode(long flag) {
            this.flag = flag;
        }
    }

    /** Sees one entry; the segments are only valid during the call. */
    @FunctionalInterface
    public interface EntryVisitor {
        void visit(MemorySegment key, MemorySegment value);
    }

    private final BpfObject owner;
    private final MemorySegment map;
    private final String name;
    private volatile LibBpf.MapDefinition definition;
    private volatile int fd = -1;
    /** Null until the first batch call says whether this kernel and map type have batches. */
    private volatile Boolean batchSupported;

    BpfMap(BpfObject owner, MemorySegment map, String name) {
        this.owner = owner;
        this.map = map;
        this.name = name;
    }

    public String name() {
        return name;
    }

    private LibBpf lib() {
        return owner.lib();
    }

    private LibBpf.MapDefinition definition() {
        owner.ensureOpen();
        LibBpf.MapDefinition d = definition;
        if (d == null) {
            d = lib().mapDefinition(map, name);
            definition = d;
        }
        return d;
    }

    /** The map's file descriptor; the object must be loaded. */
    public int fd() {
        owner.ensureOpen();
        int f = fd;
        if (f < 0) {
            f = lib().mapFd(map, name);
            fd = f;
        }
        return f;
    }

    public int type() {
        return definition().type();
    }

    public int keySize() {
        return definition().keySize();
    }

    public int valueSize() {
        return definition().valueSize();
    }

    public int maxEntries() {
        return definition().maxEntries();
    }

    public boolean isPerCpu() {
        int t = type();
        return t == TYPE_PERCPU_HASH || t == TYPE_PERCPU_ARRAY || t == TYPE_LRU_PERCPU_HASH;
    }

    /** Bytes a value occupies in user space: per-CPU maps return one 8-aligned slot per possible CPU. */
    public long valueBufferSize() {
        if (!isPerCpu()) {
            return valueSize();
        }
        long slot = (valueSize() + 7L) & ~7L;
        return slot * lib().possibleCpus();
    }

    /**
     * Resizes the map before its object is loaded (for a ring buffer: bytes,
     * a power-of-two multiple of the page size).
     */
    public void setMaxEntries(int maxEntries) {
        owner.ensureOpen();
        lib().mapSetMaxEntries(map, name, maxEntries);
        definition = null;
    }

    /**
     * Makes this map, before its object is loaded, the same kernel map as {@code shared} of
     * another, loaded object: what one object's programs write, the other's read. Both must
     * declare it alike (type, key and value sizes). The kernel map lives while either holds it.
     */
    public void reuse(BpfMap shared) {
        owner.ensureOpen();
        lib().mapReuseFd(map, name, shared.fd());
        definition = null;
    }

    /** Copies the value of {@code key} into {@code value}; false if the key is absent. */
    public boolean lookup(MemorySegment key, MemorySegment value) {
        return lib().mapLookup(fd(), name, key, value);
    }

    /** Copies the value of {@code key} into {@code value} and removes the entry; false if the key is absent. */
    public boolean lookupAndDelete(MemorySegment key, MemorySegment value) {
        return lib().mapLookupAndDelete(fd(), name, key, value);
    }

    public void update(MemorySegment key, MemorySegment value, UpdateMode mode) {
        lib().mapUpdate(fd(), name, key, value, mode.flag);
    }

    /** False if the key was absent. */
    public boolean delete(MemorySegment key) {
        return lib().mapDelete(fd(), name, key);
    }

    /**
     * The key after {@code keyOrNull} ({@link MemorySegment#NULL} for the
     * first); false at the end.
     */
    public boolean nextKey(MemorySegment keyOrNull, MemorySegment nextKey) {
        return lib().mapNextKey(fd(), name, keyOrNull, nextKey);
    }

    /** Whether batch calls work here; null before the first batch attempt. */
    public Boolean batchSupported() {
        return batchSupported;
    }

    /**
     * Visits every entry, leaving the map as it is: {@code bpf_map_lookup_batch}
     * where the kernel has it, else key iteration.
     *
     * @return entries visited
     */
    public int forEach(EntryVisitor visitor) {
        return batchOrIterate(false, visitor);
    }

    /**
     * Visits and removes every entry: {@code bpf_map_lookup_and_delete_batch}
     * where the kernel has it (5.6+, hash maps), else iterate and delete.
     * An entry the kernel adds meanwhile is either visited now or next time.
     *
     * @return entries visited
     */
    public int drain(EntryVisitor visitor) {
        return batchOrIterate(true, visitor);
    }

    private int batchOrIterate(boolean delete, EntryVisitor visitor) {
        if (!Boolean.FALSE.equals(batchSupported)) {
            int visited = batch(delete, visitor);
            if (visited >= 0) {
                batchSupported = true;
                return visited;
            }
            batchSupported = false;
        }
        return iterate(delete, visitor);
    }

    /** The fallback path on its own, for kernels without batch operations. */
    int iterate(boolean delete, EntryVisitor visitor) {
        int keySize = keySize();
        int limit = maxEntries();
        try (Arena arena = Arena.ofConfined()) {
            // Collect keys first: get_next_key restarts from the beginning
            // when its key was deleted meanwhile.
            MemorySegment keys = arena.allocate((long) keySize * limit, 8);
            int count = 0;
            MemorySegment previous = MemorySegment.NULL;
            while (count < limit) {
                MemorySegment next = keys.asSlice((long) count * keySize, keySize);
                if (!nextKey(previous, next)) {
                    break;
                }
                previous = next;
                count++;
            }
            MemorySegment value = arena.allocate(valueBufferSize(), 8);
            int visited = 0;
            for (int i = 0; i < count; i++) {
                MemorySegment key = keys.asSlice((long) i * keySize, keySize);
                if (!lookup(key, value)) {
                    continue;
                }
                if (delete && !delete(key)) {
                    continue; // someone else took it
                }
                visitor.visit(key, value);
                visited++;
            }
            return visited;
        }
    }

    /** Returns entries visited, or -1 when this kernel or map type has no batch operations. */
    private int batch(boolean delete, EntryVisitor visitor) {
        int keySize = keySize();
        long valueSize = valueBufferSize();
        int capacity = Math.min(maxEntries(), FIRST_BATCH);
        int visited = 0;
        boolean first = true;
        try (Arena arena = Arena.ofConfined()) {
            // The batch token is a kernel-chosen cursor (u32 bucket for hashes, a key for arrays).
            long tokenSize = Math.max(8, keySize);
            MemorySegment in = arena.allocate(tokenSize, 8);
            MemorySegment out = arena.allocate(tokenSize, 8);
            MemorySegment keys = arena.allocate((long) keySize * capacity, 8);
            MemorySegment values = arena.allocate(valueSize * capacity, 8);
            // A hash map of maxEntries entries needs at most that many calls.
            for (int calls = 0; calls <= maxEntries() + 1; calls++) {
                LibBpf.BatchStep step = lib().mapBatch(fd(), name, delete, first ? MemorySegment.NULL : in, out,
                        keys, values, capacity);
                switch (step.errno()) {
                    case 0, Errno.ENOENT -> {
                        for (int i = 0; i < step.count(); i++) {
                            visitor.visit(keys.asSlice((long) i * keySize, keySize),
                                    values.asSlice(i * valueSize, valueSize));
                        }
                        visited += step.count();
                        if (step.errno() == Errno.ENOENT) {
                            return visited;
                        }
                        in.copyFrom(out);
                        first = false;
                    }
                    case Errno.ENOSPC -> {
                        // One hash bucket holds more entries than fit: grow and retry the same cursor.
                        if (capacity >= maxEntries()) {
                            throw new BpfMapException(name, delete ? "bpf_map_lookup_and_delete_batch"
                                    : "bpf_map_lookup_batch", Errno.ENOSPC, lib().errorText(Errno.ENOSPC));
                        }
                        capacity = Math.min(maxEntries(), capacity * 2);
                        keys = arena.allocate((long) keySize * capacity, 8);
                        values = arena.allocate(valueSize * capacity, 8);
                    }
                    case Errno.EINVAL, Errno.ENOTSUPP, Errno.EOPNOTSUPP -> {
                        if (first && visited == 0) {
                            return -1;
                        }
                        throw new BpfMapException(name, delete ? "bpf_map_lookup_and_delete_batch"
                                : "bpf_map_lookup_batch", step.errno(), lib().errorText(step.errno()));
                    }
                    default -> throw new BpfMapException(name, delete ? "bpf_map_lookup_and_delete_batch"
                            : "bpf_map_lookup_batch", step.errno(), lib().errorText(step.errno()));
                }
            }
            throw new IllegalStateException("batch iteration of map '" + name + "' did not end after "
                    + maxEntries() + " calls");
        }
    }

    @Override
    public String toString() {
        return "BpfMap[" + owner.name() + "/" + name + "]";
    }
}
