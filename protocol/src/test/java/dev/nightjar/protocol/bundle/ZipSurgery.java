package dev.nightjar.protocol.bundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Edits a zip in place where {@link java.util.zip.ZipOutputStream} would refuse:
 * central-directory sizes that lie, duplicate names. Assumes a zip without a
 * comment and without ZIP64 (what the fixtures write).
 */
final class ZipSurgery {

    private static final int END_LENGTH = 22;
    private static final int CEN_SIGNATURE = 0x02014b50;
    private static final int LOC_SIGNATURE = 0x04034b50;

    private ZipSurgery() {
    }

    /** Sets an entry's uncompressed size in the central directory (ZipFile trusts only that). */
    static void setDeclaredSize(Path zip, String entry, long uncompressedSize) {
        edit(zip, entry, (channel, cen) -> putInt(channel, cen + 24, (int) uncompressedSize));
    }

    /** Sets an entry's compressed size in the central directory. */
    static void setCompressedSize(Path zip, String entry, long compressedSize) {
        edit(zip, entry, (channel, cen) -> putInt(channel, cen + 20, (int) compressedSize));
    }

    /** Renames an entry in both its local header and the central directory; names must have equal length. */
    static void rename(Path zip, String from, String to) {
        byte[] name = to.getBytes(StandardCharsets.UTF_8);
        if (name.length != from.getBytes(StandardCharsets.UTF_8).length) {
            throw new IllegalArgumentException("names must have equal length");
        }
        edit(zip, from, (channel, cen) -> {
            channel.write(ByteBuffer.wrap(name), cen + 46);
            long loc = Integer.toUnsignedLong(getInt(channel, cen + 42));
            if (getInt(channel, loc) != LOC_SIGNATURE) {
                throw new IllegalStateException("no local header at " + loc);
            }
            channel.write(ByteBuffer.wrap(name), loc + 30);
        });
    }

    /** Offset in the file of the first byte of an entry's data. */
    static long dataOffset(Path zip, String entry) {
        long[] offset = new long[1];
        edit(zip, entry, (channel, cen) -> {
            long loc = Integer.toUnsignedLong(getInt(channel, cen + 42));
            offset[0] = loc + 30 + getShort(channel, loc + 26) + getShort(channel, loc + 28);
        });
        return offset[0];
    }

    /** An entry's compressed size from the central directory. */
    static long compressedSize(Path zip, String entry) {
        long[] size = new long[1];
        edit(zip, entry, (channel, cen) -> size[0] = Integer.toUnsignedLong(getInt(channel, cen + 20)));
        return size[0];
    }

    private interface Edit {
        void apply(FileChannel channel, long centralHeader) throws IOException;
    }

    private static void edit(Path zip, String entry, Edit edit) {
        try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long end = channel.size() - END_LENGTH;
            int count = getShort(channel, end + 10);
            long cen = Integer.toUnsignedLong(getInt(channel, end + 16));
            for (int i = 0; i < count; i++) {
                if (getInt(channel, cen) != CEN_SIGNATURE) {
                    throw new IllegalStateException("no central header at " + cen);
                }
                int nameLength = getShort(channel, cen + 28);
                ByteBuffer name = ByteBuffer.allocate(nameLength);
                channel.read(name, cen + 46);
                if (new String(name.array(), StandardCharsets.UTF_8).equals(entry)) {
                    edit.apply(channel, cen);
                    return;
                }
                cen += 46 + nameLength + getShort(channel, cen + 30) + getShort(channel, cen + 32);
            }
            throw new IllegalArgumentException("no entry " + entry + " in " + zip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int getInt(FileChannel channel, long position) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(b, position);
        return b.getInt(0);
    }

    private static int getShort(FileChannel channel, long position) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(b, position);
        return Short.toUnsignedInt(b.getShort(0));
    }

    private static void putInt(FileChannel channel, long position, int value) throws IOException {
        channel.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value), position);
    }
}
