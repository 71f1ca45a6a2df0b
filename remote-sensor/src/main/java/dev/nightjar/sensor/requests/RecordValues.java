package dev.nightjar.sensor.requests;

import java.nio.charset.StandardCharsets;

/**
 * The little-endian integers of a record copied out of the ring, and its task names and
 * addresses as the chunk's objects: reused while they repeat (a busy node's records come
 * from a few tasks and peers), so a record does not decode a name or allocate an address
 * it had a moment ago. A small direct-mapped table per kind of value, keyed by the raw
 * bytes: a slot holds the latest value that hashed there. The arrays handed out are
 * shared and must not be modified (SocketChunk's contract already says so).
 */
final class RecordValues {

    private static final int SLOTS = 64;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int COMM_LEN = 16;
    private static final byte[] NO_ADDRESS = new byte[0];

    private final long[] commLow = new long[SLOTS];
    private final long[] commHigh = new long[SLOTS];
    private final String[] comms = new String[SLOTS];
    private final long[] addrLow = new long[SLOTS];
    private final long[] addrHigh = new long[SLOTS];
    private final byte[][] addrs = new byte[SLOTS][];

    /** The NUL-terminated task name of {@value #COMM_LEN} bytes at {@code offset}. */
    String comm(byte[] record, int offset) {
        long low = u64(record, offset);
        long high = u64(record, offset + 8);
        int slot = slot(low, high);
        String known = comms[slot];
        if (known != null && commLow[slot] == low && commHigh[slot] == high) {
            return known;
        }
        int end = offset;
        while (end < offset + COMM_LEN && record[end] != 0) {
            end++;
        }
        String name = new String(record, offset, end - offset, StandardCharsets.UTF_8);
        commLow[slot] = low;
        commHigh[slot] = high;
        comms[slot] = name;
        return name;
    }

    /** The 4 (AF_INET) or 16 (AF_INET6) address bytes at {@code offset}; empty for another family. */
    byte[] address(byte[] record, int offset, int family) {
        int size = switch (family) {
            case AF_INET -> 4;
            case AF_INET6 -> 16;
            default -> 0;
        };
        if (size == 0) {
            return NO_ADDRESS;
        }
        long low = size == 4 ? u32(record, offset) & 0xffffffffL : u64(record, offset);
        long high = size == 4 ? -1 : u64(record, offset + 8); // -1 keeps an IPv4 address apart from ::a.b.c.d
        int slot = slot(low, high);
        byte[] known = addrs[slot];
        if (known != null && known.length == size && addrLow[slot] == low && addrHigh[slot] == high) {
            return known;
        }
        byte[] address = new byte[size];
        System.arraycopy(record, offset, address, 0, size);
        addrLow[slot] = low;
        addrHigh[slot] = high;
        addrs[slot] = address;
        return address;
    }

    private static int slot(long low, long high) {
        long h = (low ^ Long.rotateLeft(high, 29)) * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 58); // the top 6 bits: SLOTS is 64
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    static int u32(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    static long u64(byte[] b, int at) {
        return (u32(b, at) & 0xffffffffL) | (long) u32(b, at + 4) << 32;
    }
}
