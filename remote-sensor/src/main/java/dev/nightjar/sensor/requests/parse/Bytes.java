package dev.nightjar.sensor.requests.parse;

/** Reading the wire formats' big-endian integers, and keeping a bounded prefix of what is skipped. */
public final class Bytes {

    private Bytes() {
    }

    public static int int32(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    /**
     * Copies as much of {@code src[from..from+count)} as still fits in {@code dst} after
     * {@code dstLength} bytes; returns how many bytes were copied (the rest is skipped).
     */
    public static int keep(byte[] src, int from, int count, byte[] dst, int dstLength) {
        int room = Math.min(count, dst.length - dstLength);
        if (room > 0) {
            System.arraycopy(src, from, dst, dstLength, room);
            return room;
        }
        return 0;
    }
}
