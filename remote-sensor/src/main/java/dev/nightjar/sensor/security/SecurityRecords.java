package dev.nightjar.sensor.security;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The layouts of bpf/security.bpf.c's structs (keep in step). */
final class SecurityRecords {

    static final int OPEN = 1;
    static final int EXEC = 2;
    static final int FORK = 3;
    static final int EXIT = 4;
    static final int CREDS = 5;
    static final int SYSCALL = 6;
    static final int CONNECT = 7;

    /** enum nj_sec_call, by value. */
    static final List<String> CALLS = List.of("", "setuid", "setreuid", "setresuid", "capset", "setns", "unshare",
            "mount", "ptrace", "bpf", "init_module", "finit_module", "openat", "openat2", "file_open", "connect");

    static final int CONFIG_SIZE = 48;
    static final int PATH_KEY_SIZE = 4 + 256;
    static final int PREFIX_VALUE_SIZE = 24;
    static final int RATE_KEY_SIZE = 16;
    static final int RATE_VALUE_SIZE = 32;
    static final int EVENT_SIZE = 1472;
    /** Fork, exit and credential records are only the head: everything before the path. */
    static final int HEAD_SIZE = 192;
    static final int NAMESPACES = 7;
    private static final int STACK_DEPTH = 32;

    private SecurityRecords() {
    }

    /** One record from the ring buffer, parsed (a head-only record has no path, argv or stacks). */
    record Event(int type, int pid, int tid, int ppid, long ktimeNs, long cgroupId, int uid, int euid, long capEffective,
                 long capPermitted, long[] namespaces, String call, String comm, long ruleMask, long ret, long[] args,
                 String path, List<String> argv, boolean argvTruncated, long[] kernelStack, long[] userStack,
                 long startTimeNs) {
    }

    static Event event(MemorySegment r) {
        long[] ns = new long[NAMESPACES];
        for (int i = 0; i < NAMESPACES; i++) {
            ns[i] = Integer.toUnsignedLong(r.get(ValueLayout.JAVA_INT_UNALIGNED, 56 + 4L * i));
        }
        long[] args = new long[6];
        for (int i = 0; i < 6; i++) {
            args[i] = r.get(ValueLayout.JAVA_LONG_UNALIGNED, 120 + 8L * i);
        }
        int call = r.get(ValueLayout.JAVA_INT_UNALIGNED, 84);
        boolean whole = r.byteSize() >= EVENT_SIZE;
        int pathLen = whole ? Math.min(255, r.get(ValueLayout.JAVA_INT_UNALIGNED, 168)) : 0;
        int argsLen = whole ? Math.min(512, r.get(ValueLayout.JAVA_INT_UNALIGNED, 172)) : 0;
        int kstackBytes = whole ? r.get(ValueLayout.JAVA_INT_UNALIGNED, 176) : 0;
        int ustackBytes = whole ? r.get(ValueLayout.JAVA_INT_UNALIGNED, 180) : 0;
        int type = r.get(ValueLayout.JAVA_INT_UNALIGNED, 0);
        return new Event(type, r.get(ValueLayout.JAVA_INT_UNALIGNED, 4), r.get(ValueLayout.JAVA_INT_UNALIGNED, 8),
                r.get(ValueLayout.JAVA_INT_UNALIGNED, 12), r.get(ValueLayout.JAVA_LONG_UNALIGNED, 16),
                r.get(ValueLayout.JAVA_LONG_UNALIGNED, 24), r.get(ValueLayout.JAVA_INT_UNALIGNED, 32),
                r.get(ValueLayout.JAVA_INT_UNALIGNED, 36), r.get(ValueLayout.JAVA_LONG_UNALIGNED, 40),
                r.get(ValueLayout.JAVA_LONG_UNALIGNED, 48), ns,
                call >= 0 && call < CALLS.size() ? CALLS.get(call) : "call#" + call,
                string(r, 88, 16), r.get(ValueLayout.JAVA_LONG_UNALIGNED, 104),
                r.get(ValueLayout.JAVA_LONG_UNALIGNED, 112), args, whole ? string(r, 192, pathLen) : "",
                whole ? argv(r.asSlice(448, argsLen).toArray(ValueLayout.JAVA_BYTE)) : List.of(),
                type == EXEC && args[0] > argsLen,
                stack(r, 960, kstackBytes), stack(r, 1216, ustackBytes),
                r.get(ValueLayout.JAVA_LONG_UNALIGNED, 184));
    }

    /** A CONNECT record's destination address (sargs[0] the family, sargs[2..3] the address bytes). */
    static java.net.InetAddress connectAddress(long[] args) {
        MemorySegment bytes = MemorySegment.ofArray(new long[] {args[2], args[3]});
        int length = args[0] == 2 ? 4 : 16; // AF_INET : AF_INET6
        try {
            // An IPv4-mapped IPv6 address (::ffff:10.1.2.3, a v6 socket's v4 peer) comes back as the IPv4 one.
            return java.net.InetAddress.getByAddress(bytes.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("an address of " + length + " bytes is always valid", e);
        }
    }

    /**
     * The mask of a CONNECT record's kernel rate key: the destination address's bytes as two
     * words (sargs[2] and sargs[3]), exclusive-or'ed, as nj_sec_connect keys its rate limit.
     */
    static long connectRateMask(long[] args) {
        return args[2] ^ args[3];
    }

    private static String string(MemorySegment r, long offset, int max) {
        byte[] bytes = r.asSlice(offset, max).toArray(ValueLayout.JAVA_BYTE);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** argv as the kernel laid it out: NUL-separated strings. */
    static List<String> argv(byte[] bytes) {
        List<String> argv = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == 0) {
                if (i > start) {
                    argv.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return argv;
    }

    private static long[] stack(MemorySegment r, long offset, int bytes) {
        int frames = Math.max(0, Math.min(STACK_DEPTH, bytes / 8));
        long[] stack = new long[frames];
        for (int i = 0; i < frames; i++) {
            stack[i] = r.get(ValueLayout.JAVA_LONG_UNALIGNED, offset + 8L * i);
        }
        return stack;
    }

    /** The bit of {@code call} (a name of {@link #CALLS}) in nj_sec_config.call_mask. */
    static int callBit(String call) {
        int index = CALLS.indexOf(call);
        if (index <= 0) {
            throw new IllegalArgumentException("no such call in nj_sec_call: " + call);
        }
        return 1 << index;
    }

    static void config(MemorySegment cfg, long allOpens, long kstack, long ustack, long windowNs, int burst,
                       int selfTgid, boolean opensEnabled, int callMask) {
        cfg.fill((byte) 0);
        cfg.set(ValueLayout.JAVA_LONG, 0, allOpens);
        cfg.set(ValueLayout.JAVA_LONG, 8, kstack);
        cfg.set(ValueLayout.JAVA_LONG, 16, ustack);
        cfg.set(ValueLayout.JAVA_LONG, 24, windowNs);
        cfg.set(ValueLayout.JAVA_INT, 32, burst);
        cfg.set(ValueLayout.JAVA_INT, 36, selfTgid);
        cfg.set(ValueLayout.JAVA_BYTE, 40, (byte) (opensEnabled ? 1 : 0));
        cfg.set(ValueLayout.JAVA_INT, 44, callMask);
    }

    static void pathKey(MemorySegment key, String path) {
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        key.fill((byte) 0);
        key.set(ValueLayout.JAVA_INT, 0, bytes.length * 8);
        MemorySegment.copy(bytes, 0, key, ValueLayout.JAVA_BYTE, 4, Math.min(bytes.length, 256));
    }

    static void prefixValue(MemorySegment value, long prefixMask, long equalMask, int keyLen) {
        value.fill((byte) 0);
        value.set(ValueLayout.JAVA_LONG, 0, prefixMask);
        value.set(ValueLayout.JAVA_LONG, 8, equalMask);
        value.set(ValueLayout.JAVA_INT, 16, keyLen);
    }
}
