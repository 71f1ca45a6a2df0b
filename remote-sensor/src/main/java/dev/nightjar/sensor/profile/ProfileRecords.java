package dev.nightjar.sensor.profile;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/** The layouts of bpf/profile.bpf.c's map keys, values and ring buffer records. */
final class ProfileRecords {

    static final int KEY_BYTES = 24;
    static final int KEY_TGID = 0;
    static final int KEY_USER_STACK = 4;
    static final int KEY_KERNEL_STACK = 8;
    static final int KEY_CGROUP = 16;
    static final int VALUE_BYTES = 24;
    static final int VALUE_COUNT = 0;
    static final int VALUE_COMM = 8;
    static final int FIRST_SIGHT_BYTES = 8;
    static final int FIRST_SIGHT_TGID = 0;
    static final int CONFIG_BYTES = 8;
    static final int CONFIG_ENABLED = 0;
    static final int CONFIG_SLOT = 1;
    static final int CONFIG_INCLUDE_IDLE = 2;
    static final int CONFIG_CGROUP_DEPTHS = 4;
    static final int COMM_BYTES = 16;
    static final int MAX_STACK_DEPTH = 127;

    private ProfileRecords() {
    }

    /**
     * One counted (process, user stack, kernel stack) of an interval.
     *
     * @param userStackId negative: no user stack (the negated errno)
     * @param kernelStackId negative: no kernel stack
     */
    record Sample(int tgid, int userStackId, int kernelStackId, long cgroupId, long count, String comm) {
    }

    /** struct nj_prof_key + struct nj_prof_value. */
    static Sample sample(MemorySegment key, MemorySegment value) {
        return new Sample(key.get(ValueLayout.JAVA_INT, KEY_TGID), key.get(ValueLayout.JAVA_INT, KEY_USER_STACK),
                key.get(ValueLayout.JAVA_INT, KEY_KERNEL_STACK), key.get(ValueLayout.JAVA_LONG, KEY_CGROUP),
                value.get(ValueLayout.JAVA_LONG, VALUE_COUNT), cString(value, VALUE_COMM, COMM_BYTES));
    }

    /** struct nj_prof_first_sight: the tgid. */
    static int firstSightTgid(MemorySegment record) {
        return record.get(ValueLayout.JAVA_INT, FIRST_SIGHT_TGID);
    }

    /** A stack map value: addresses innermost first, ended by the first zero. */
    static long[] stack(MemorySegment value) {
        int depth = (int) Math.min(MAX_STACK_DEPTH, value.byteSize() / 8);
        int count = 0;
        while (count < depth && value.getAtIndex(ValueLayout.JAVA_LONG, count) != 0) {
            count++;
        }
        long[] addresses = new long[count];
        for (int i = 0; i < count; i++) {
            addresses[i] = value.getAtIndex(ValueLayout.JAVA_LONG, i);
        }
        return addresses;
    }

    /** struct nj_prof_config. */
    static void config(MemorySegment cfg, boolean enabled, int slot, boolean includeIdle, int cgroupDepths) {
        cfg.fill((byte) 0);
        cfg.set(ValueLayout.JAVA_INT_UNALIGNED, CONFIG_CGROUP_DEPTHS, cgroupDepths);
        cfg.set(ValueLayout.JAVA_BYTE, CONFIG_ENABLED, (byte) (enabled ? 1 : 0));
        cfg.set(ValueLayout.JAVA_BYTE, CONFIG_SLOT, (byte) slot);
        cfg.set(ValueLayout.JAVA_BYTE, CONFIG_INCLUDE_IDLE, (byte) (includeIdle ? 1 : 0));
    }

    private static String cString(MemorySegment segment, long offset, int max) {
        int length = 0;
        while (length < max && segment.get(ValueLayout.JAVA_BYTE, offset + length) != 0) {
            length++;
        }
        byte[] bytes = new byte[length];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, offset, bytes, 0, length);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
