package dev.nightjar.sensor.requests;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/** Test records in the layout bpf/requests.bpf.c writes (RequestRecords'), built field by field. */
final class RecordBytes {

    private final MemorySegment r;

    private RecordBytes(Arena arena, int dataLength) {
        r = arena.allocate(RequestRecords.HEADER_SIZE + dataLength, 8);
    }

    /** A data record of {@code payload} with family AF_INET, TCP, and the rest zero until set. */
    static RecordBytes data(Arena arena, byte[] payload) {
        RecordBytes b = new RecordBytes(arena, payload.length);
        b.u8(RequestRecords.KIND, RequestRecords.KIND_DATA).u8(RequestRecords.FAMILY, 2).u8(RequestRecords.PROTOCOL, 6)
                .u32(RequestRecords.DATA_LEN, payload.length).u64(RequestRecords.CALL_BYTES, payload.length);
        MemorySegment.copy(payload, 0, b.r, ValueLayout.JAVA_BYTE, RequestRecords.HEADER_SIZE, payload.length);
        return b;
    }

    /** A header-only record of {@code kind} (close, process). */
    static RecordBytes header(Arena arena, int kind) {
        return new RecordBytes(arena, 0).u8(RequestRecords.KIND, kind);
    }

    RecordBytes u8(long offset, int value) {
        r.set(ValueLayout.JAVA_BYTE, offset, (byte) value);
        return this;
    }

    RecordBytes u16(long offset, int value) {
        r.set(ValueLayout.JAVA_SHORT_UNALIGNED, offset, (short) value);
        return this;
    }

    RecordBytes u32(long offset, long value) {
        r.set(ValueLayout.JAVA_INT_UNALIGNED, offset, (int) value);
        return this;
    }

    RecordBytes u64(long offset, long value) {
        r.set(ValueLayout.JAVA_LONG_UNALIGNED, offset, value);
        return this;
    }

    RecordBytes bytes(long offset, byte[] value) {
        MemorySegment.copy(value, 0, r, ValueLayout.JAVA_BYTE, offset, value.length);
        return this;
    }

    RecordBytes comm(String name) {
        return bytes(RequestRecords.COMM, name.getBytes(StandardCharsets.UTF_8));
    }

    /** The record as the ring hands it out: a read-only segment. */
    MemorySegment segment() {
        return r.asReadOnly();
    }

    byte[] toArray() {
        return r.toArray(ValueLayout.JAVA_BYTE);
    }
}
