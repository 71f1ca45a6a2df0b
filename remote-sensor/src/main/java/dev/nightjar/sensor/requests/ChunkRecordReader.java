package dev.nightjar.sensor.requests;

import dev.nightjar.sensor.collect.KernelClock;
import dev.nightjar.sensor.requests.SocketChunk.ChunkDirection;
import dev.nightjar.sensor.requests.SocketChunk.SocketRole;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Reads the records of bpf/requests.bpf.c ({@link RequestRecords}' layout) out of the ring:
 * each record with one bulk copy into a reused array, then its fields with plain array reads.
 * Reading field by field from the ring's segment cost a bounds, alignment and liveness check
 * per field through var handles that the sensor's C1-only JIT does not fold away: about half
 * of the requests thread's time before. Not thread safe: one per draining thread.
 */
final class ChunkRecordReader {

    /** The largest record: a header and the kernel's cap of payload. */
    static final int MAX_RECORD = RequestRecords.HEADER_SIZE + RequestCollector.KERNEL_MAX_CAPTURE_BYTES;

    private final byte[] record = new byte[MAX_RECORD];
    private final MemorySegment target = MemorySegment.ofArray(record);
    private final RecordValues values = new RecordValues();
    private int length;

    /**
     * Copies {@code ringRecord} (the ring's slice, valid only during the drain's callback)
     * for the reads that follow; false, with nothing read, for a record shorter than a header.
     */
    boolean load(MemorySegment ringRecord) {
        long size = ringRecord.byteSize();
        if (size < RequestRecords.HEADER_SIZE) {
            length = 0;
            return false;
        }
        length = (int) Math.min(size, MAX_RECORD);
        MemorySegment.copy(ringRecord, 0, target, 0, length);
        return true;
    }

    int kind() {
        return u8(RequestRecords.KIND);
    }

    long cookie() {
        return u64(RequestRecords.COOKIE);
    }

    long timestampWall(KernelClock clock) {
        return clock.toWallNanos(u64(RequestRecords.TIMESTAMP));
    }

    int pid() {
        return u32(RequestRecords.PID);
    }

    /** The loaded data record as the parsers' chunk; its payload is a copy of its own. */
    SocketChunk chunk(KernelClock clock) {
        int family = u8(RequestRecords.FAMILY);
        int dataLen = Math.clamp(Integer.toUnsignedLong(u32(RequestRecords.DATA_LEN)), 0,
                length - RequestRecords.HEADER_SIZE);
        long callBytes = u64(RequestRecords.CALL_BYTES);
        return new SocketChunk(
                cookie(),
                timestampWall(clock),
                pid(),
                u32(RequestRecords.TID),
                values.comm(record, (int) RequestRecords.COMM),
                u64(RequestRecords.CGROUP),
                Integer.toUnsignedLong(u32(RequestRecords.NETNS)),
                u32(RequestRecords.FD),
                values.address(record, (int) RequestRecords.LOCAL_ADDR, family),
                u16(RequestRecords.LOCAL_PORT),
                values.address(record, (int) RequestRecords.REMOTE_ADDR, family),
                u16(RequestRecords.REMOTE_PORT),
                u8(RequestRecords.PROTOCOL),
                role(u8(RequestRecords.ROLE)),
                u8(RequestRecords.SENT) != 0 ? ChunkDirection.SENT : ChunkDirection.RECEIVED,
                u8(RequestRecords.TLS) != 0,
                Math.max(callBytes, dataLen),
                Arrays.copyOfRange(record, RequestRecords.HEADER_SIZE, RequestRecords.HEADER_SIZE + dataLen));
    }

    private static SocketRole role(int role) {
        return switch (role) {
            case 1 -> SocketRole.CLIENT;
            case 2 -> SocketRole.SERVER;
            default -> SocketRole.UNKNOWN;
        };
    }

    private int u8(long offset) {
        return record[(int) offset] & 0xff;
    }

    private int u16(long offset) {
        return RecordValues.u16(record, (int) offset);
    }

    private int u32(long offset) {
        return RecordValues.u32(record, (int) offset);
    }

    private long u64(long offset) {
        return RecordValues.u64(record, (int) offset);
    }
}
