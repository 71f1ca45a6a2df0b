package dev.nightjar.sensor.libbpf;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Run in its own JVM by {@link RingBufferLifetimeTest}: keeps a ring-buffer record
 * slice past the end of the drain callback, closes the object (which unmaps the
 * ring), then reads the slice. Prints one line saying what happened; a JVM crash
 * shows as a non-zero exit with the fatal error report instead.
 */
public final class KeptSliceChild {

    static final String THREW = "read after close threw ";
    static final String READ = "read after close returned ";

    private KeptSliceChild() {
    }

    public static void main(String[] args) {
        LibBpf lib = LibBpf.system();
        MemorySegment kept;
        try (BpfObject object = BpfObject.openEmbedded(lib, "binding_test"); Arena arena = Arena.ofConfined()) {
            object.load();
            MemorySegment key = arena.allocate(JAVA_LONG);
            MemorySegment pid = arena.allocate(JAVA_LONG);
            pid.set(JAVA_LONG, 0, ProcessHandle.current().pid());
            object.map("test_config").update(key, pid, BpfMap.UpdateMode.ANY);
            RingBuffer ring = object.ringBuffer("test_ring");
            object.program("test_getppid_producer").attach();
            TestSyscalls.getppid();
            MemorySegment[] slot = new MemorySegment[1];
            if (ring.drain(r -> slot[0] = r, 1) != 1) {
                System.out.println("no record was produced");
                System.exit(3);
            }
            kept = slot[0];
            kept.get(JAVA_LONG, 0); // readable while the ring is open
        }
        try {
            long value = kept.get(JAVA_LONG, 0);
            System.out.println(READ + value);
            System.exit(2);
        } catch (IllegalStateException e) {
            System.out.println(THREW + e.getClass().getName() + ": " + e.getMessage());
            System.exit(0);
        }
    }
}
