package dev.nightjar.sensor.symbols;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Positional reads of a file whose contents are not trusted: every range is checked against the
 * file's size and a cap before anything is allocated. Reads into the heap instead of mapping the
 * file, so a file truncated while being read gives a short read, not a SIGBUS.
 */
final class BoundedFile implements AutoCloseable {

    private final FileChannel channel;
    private final long size;

    private BoundedFile(FileChannel channel) throws IOException {
        this.channel = channel;
        this.size = channel.size();
    }

    static BoundedFile open(Path path) throws IOException {
        return new BoundedFile(FileChannel.open(path, StandardOpenOption.READ));
    }

    long size() {
        return size;
    }

    /** True when [offset, offset + length) lies inside the file. */
    boolean inside(long offset, long length) {
        return offset >= 0 && length >= 0 && offset <= size && length <= size - offset;
    }

    /** The bytes, little-endian, or null when the range is outside the file, above the cap, or cut short. */
    ByteBuffer read(long offset, long length, long cap) throws IOException {
        if (!inside(offset, length) || length > cap || length > Integer.MAX_VALUE - 8) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
        long at = offset;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                return null; // the file shrank under us
            }
            at += n;
        }
        return buffer.flip();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
