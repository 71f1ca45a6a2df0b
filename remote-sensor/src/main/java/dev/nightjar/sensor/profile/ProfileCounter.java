package dev.nightjar.sensor.profile;

import dev.nightjar.sensor.libbpf.BpfObject;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The profiler's own counters (map nj_prof_errors, bpf/profile.bpf.c). */
enum ProfileCounter {
    /** bpf_get_stackid gave -EFAULT for a user task's user stack. */
    USER_STACK_MISSING(0),
    /** -EEXIST: the stack map bucket held another stack; the sample is counted without it. */
    STACK_COLLISION(1),
    /** Any other negative stack id (e.g. the stack map was full). */
    STACK_OTHER(2);

    private final int index;

    ProfileCounter(int index) {
        this.index = index;
    }

    long read(BpfObject object) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment key = arena.allocate(ValueLayout.JAVA_INT);
            key.set(ValueLayout.JAVA_INT, 0, index);
            MemorySegment value = arena.allocate(ValueLayout.JAVA_LONG);
            return object.map(ProfileCollector.ERRORS_MAP).lookup(key, value) ? value.get(ValueLayout.JAVA_LONG, 0) : 0;
        }
    }
}
