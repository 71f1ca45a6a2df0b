package dev.nightjar.protocol.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * An entry's inflated bytes, refusing to deliver more than its declared size.
 *
 * <p>{@link java.util.zip.ZipFile} inflates until the compressed data ends, not
 * until the central directory's uncompressed size is reached; a zip bomb whose
 * central directory understates its size would otherwise inflate in full. This
 * stream throws {@link OverrunException} on the first byte past the limit.
 */
final class BoundedEntryStream extends InputStream {

    /** More bytes came out of the entry than it declares. */
    static final class OverrunException extends IOException {
        OverrunException(long limit) {
            super("yields more than the " + limit + " bytes declared for it; stopped reading"
                    + " (the entry is damaged, or a zip bomb that understates its size)");
        }
    }

    private final InputStream in;
    private final long limit;
    private long count;

    BoundedEntryStream(InputStream in, long limit) {
        this.in = Objects.requireNonNull(in, "in");
        if (limit < 0) {
            throw new IllegalArgumentException("limit " + limit);
        }
        this.limit = limit;
    }

    /** Bytes delivered so far. */
    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            admit(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        // Ask for at most one byte past the limit: enough to see an overrun,
        // without inflating a buffer's worth more than needed.
        int ask = (int) Math.min(length, limit - count + 1);
        int n = in.read(buffer, offset, ask);
        if (n > 0) {
            admit(n);
        }
        return n;
    }

    private void admit(int n) throws OverrunException {
        if (n > limit - count) {
            throw new OverrunException(limit);
        }
        count += n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
