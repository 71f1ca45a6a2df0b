package dev.nightjar.sensor.requests;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The layout of the records of bpf/requests.bpf.c (read by {@link ChunkRecordReader}), and
 * its configuration, which this class writes:
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

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;

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
}
