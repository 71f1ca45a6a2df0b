package dev.nightjar.sensor.requests;

import dev.nightjar.sensor.collect.KernelClock;
import dev.nightjar.sensor.requests.SocketChunk.ChunkDirection;
import dev.nightjar.sensor.requests.SocketChunk.SocketRole;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Decodes the records of bpf/requests.bpf.c and writes its configuration:
 *
 * <pre>
 * struct nj_req_chunk  (112) cookie @0, ts_ns @8, call_bytes @16, cgroup_id @24, pid @32, tid @36,
 *                            fd @40, netns @44, data_len @48, kind @52, sent @53, role @54, tls @55,
 *                            family @56, protocol @57, op @58, lport @60, rport @62, laddr[16] @64,
 *                            raddr[16] @80, comm[16] @96; then data_len bytes of payload
 * struct nj_req_config  (16) self_tgid @0, max_bytes @4, cgroup_depths @8, enabled @12, whole_node @13
 * </pre>
 */
final class RequestRecords {

    static final int HEADER_SIZE = 112;
    static final long COOKIE = 0;
    static final long TIMESTAMP = 8;
    static final long CALL_BYTES = 16;
    static final long CGROUP = 24;
    static final long PID = 32;
    static final long TID = 36;
    static final long FD = 40;
    static final long NETNS = 44;
    static final long DATA_LEN = 48;
    static final long KIND = 52;
    static final long SENT = 53;
    static final long ROLE = 54;
    static final long TLS = 55;
    static final long FAMILY = 56;
    static final long PROTOCOL = 57;
    static final long OP = 58;
    static final long LOCAL_PORT = 60;
    static final long REMOTE_PORT = 62;
    static final long LOCAL_ADDR = 64;
    static final long REMOTE_ADDR = 80;
    static final long COMM = 96;

    static final int CONFIG_SIZE = 16;
    static final long CONFIG_SELF = 0;
    static final long CONFIG_MAX_BYTES = 4;
    static final long CONFIG_CGROUP_DEPTHS = 8;
    static final long CONFIG_ENABLED = 12;
    static final long CONFIG_WHOLE_NODE = 13;

    /** enum nj_req_record. */
    static final int KIND_DATA = 1;
    static final int KIND_CLOSE = 2;
    static final int KIND_PROCESS = 3;

    /** enum nj_req_op values that are counted, not copied. */
    static final int OP_SENDFILE = 9;
    static final int OP_SPLICE = 10;

    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int COMM_LEN = 16;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final byte[] NO_ADDRESS = new byte[0];

    private RequestRecords() {
    }

    /** Writes struct nj_req_config into {@code cfg} ({@link #CONFIG_SIZE} bytes). */
    static void config(MemorySegment cfg, int selfTgid, int maxBytes, int cgroupDepths, boolean enabled,
                       boolean wholeNode) {
        cfg.fill((byte) 0);
        cfg.set(U32, CONFIG_SELF, selfTgid);
        cfg.set(U32, CONFIG_MAX_BYTES, maxBytes);
        cfg.set(U32, CONFIG_CGROUP_DEPTHS, cgroupDepths);
        cfg.set(ValueLayout.JAVA_BYTE, CONFIG_ENABLED, (byte) (enabled ? 1 : 0));
        cfg.set(ValueLayout.JAVA_BYTE, CONFIG_WHOLE_NODE, (byte) (wholeNode ? 1 : 0));
    }

    static int kind(MemorySegment record) {
        return Byte.toUnsignedInt(record.get(ValueLayout.JAVA_BYTE, KIND));
    }

    static long cookie(MemorySegment record) {
        return record.get(U64, COOKIE);
    }

    static long timestampWall(MemorySegment record, KernelClock clock) {
        return clock.toWallNanos(record.get(U64, TIMESTAMP));
    }

    static int pid(MemorySegment record) {
        return record.get(U32, PID);
    }

    /** A data record as the parsers' chunk; the payload is copied out of the ring. */
    static SocketChunk chunk(MemorySegment record, KernelClock clock) {
        int family = Byte.toUnsignedInt(record.get(ValueLayout.JAVA_BYTE, FAMILY));
        int dataLen = Math.min(record.get(U32, DATA_LEN), (int) Math.max(0, record.byteSize() - HEADER_SIZE));
        byte[] data = record.asSlice(HEADER_SIZE, dataLen).toArray(ValueLayout.JAVA_BYTE);
        return new SocketChunk(
                cookie(record),
                timestampWall(record, clock),
                pid(record),
                record.get(U32, TID),
                comm(record),
                record.get(U64, CGROUP),
                Integer.toUnsignedLong(record.get(U32, NETNS)),
                record.get(U32, FD),
                address(record, LOCAL_ADDR, family),
                Short.toUnsignedInt(record.get(U16, LOCAL_PORT)),
                address(record, REMOTE_ADDR, family),
                Short.toUnsignedInt(record.get(U16, REMOTE_PORT)),
                Byte.toUnsignedInt(record.get(ValueLayout.JAVA_BYTE, PROTOCOL)),
                role(record.get(ValueLayout.JAVA_BYTE, ROLE)),
                record.get(ValueLayout.JAVA_BYTE, SENT) != 0 ? ChunkDirection.SENT : ChunkDirection.RECEIVED,
                record.get(ValueLayout.JAVA_BYTE, TLS) != 0,
                Math.max(record.get(U64, CALL_BYTES), dataLen),
                data);
    }

    static String comm(MemorySegment record) {
        byte[] raw = record.asSlice(COMM, COMM_LEN).toArray(ValueLayout.JAVA_BYTE);
        int end = 0;
        while (end < raw.length && raw[end] != 0) {
            end++;
        }
        return new String(raw, 0, end, StandardCharsets.UTF_8);
    }

    private static byte[] address(MemorySegment record, long offset, int family) {
        return switch (family) {
            case AF_INET -> record.asSlice(offset, 4).toArray(ValueLayout.JAVA_BYTE);
            case AF_INET6 -> record.asSlice(offset, 16).toArray(ValueLayout.JAVA_BYTE);
            default -> NO_ADDRESS;
        };
    }

    private static SocketRole role(byte role) {
        return switch (role) {
            case 1 -> SocketRole.CLIENT;
            case 2 -> SocketRole.SERVER;
            default -> SocketRole.UNKNOWN;
        };
    }
}
