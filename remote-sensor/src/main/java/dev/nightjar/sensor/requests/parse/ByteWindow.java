package dev.nightjar.sensor.requests.parse;

import java.util.Arrays;

/**
 * The bytes of one direction of a connection that a parser has not consumed yet, bounded:
 * a message head larger than the capacity cannot be parsed and is given up on (the parser
 * resynchronises), so a connection never holds more than {@link #capacity()} bytes.
 */
public final class ByteWindow {

    private final int capacity;
    private byte[] bytes = new byte[256];
    private int start;
    private int end;

    public ByteWindow(int capacity) {
        this.capacity = capacity;
    }

    /** Appends, or returns false (appending nothing) when the window would exceed its capacity. */
    public boolean append(byte[] data, int offset, int length) {
        if (size() + length > capacity) {
            return false;
        }
        if (end + length > bytes.length) {
            compact(length);
        }
        System.arraycopy(data, offset, bytes, end, length);
        end += length;
        return true;
    }

    private void compact(int extra) {
        int size = size();
        if (size + extra > bytes.length) {
            int grown = Math.min(capacity, Math.max(bytes.length * 2, size + extra));
            byte[] bigger = new byte[grown];
            System.arraycopy(bytes, start, bigger, 0, size);
            bytes = bigger;
        } else {
            System.arraycopy(bytes, start, bytes, 0, size);
        }
        start = 0;
        end = size;
    }

    public int size() {
        return end - start;
    }

    public int capacity() {
        return capacity;
    }

    /** The byte at {@code index} from the window's start. */
    public int get(int index) {
        return bytes[start + index] & 0xff;
    }

    /** The backing array and the window's offset in it, for parsers that read in place. */
    public byte[] array() {
        return bytes;
    }

    public int offset() {
        return start;
    }

    public void consume(int count) {
        start += count;
        if (start == end) {
            start = 0;
            end = 0;
        }
    }

    public void clear() {
        start = 0;
        end = 0;
        if (bytes.length > 4096) {
            bytes = new byte[256]; // give back what one large message made it grow to
        }
    }

    public byte[] copy(int from, int length) {
        return Arrays.copyOfRange(bytes, start + from, start + from + length);
    }

    /** The bytes as ISO-8859-1 text (protocol heads are ASCII; anything else stays one char per byte). */
    public String text(int from, int length) {
        return new String(bytes, start + from, length, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
