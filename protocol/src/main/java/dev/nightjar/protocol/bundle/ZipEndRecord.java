package dev.nightjar.protocol.bundle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Looks at the zip's end-of-central-directory record before {@link java.util.zip.ZipFile}
 * does. ZipFile reads the whole central directory into one array of the size the
 * end record declares (bounded only by the file's length), so a hostile file could
 * make it allocate gigabytes; this check refuses a central directory larger than
 * {@link BundleLimits#MAX_CENTRAL_DIRECTORY_BYTES} first.
 *
 * <p>A bundle's end record is the last 22 bytes of the file (the writer adds no
 * zip comment). That is also the first candidate ZipFile accepts, so both look at
 * the same record. A file whose last 22 bytes are no end record is truncated (or is
 * no zip): saying so here gives a clearer message than ZipFile's.
 */
final class ZipEndRecord {

    private static final int END_SIGNATURE = 0x06054b50;
    private static final int END_LENGTH = 22;
    private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final int ZIP64_LOCATOR_LENGTH = 20;
    private static final int ZIP64_END_SIGNATURE = 0x06064b50;
    private static final int ZIP64_END_LENGTH = 56;
    private static final long MAGIC_SIZE = 0xFFFFFFFFL;
    private static final int MAGIC_COUNT = 0xFFFF;

    private ZipEndRecord() {
    }

    static void check(Path path, String file) throws BundleException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            check(channel, file);
        } catch (NoSuchFileException e) {
            throw new BundleException(file, "no such file", e);
        } catch (AccessDeniedException e) {
            throw new BundleException(file, "cannot read the file: permission denied", e);
        } catch (IOException e) {
            throw new BundleException(file, "cannot read the file: " + BundleException.detail(e), e);
        }
    }

    private static void check(FileChannel channel, String file) throws IOException, BundleException {
        long size = channel.size();
        if (size == 0) {
            throw new BundleException(file, "the file is empty (0 bytes), not a Nightjar bundle;"
                    + " was the copy or download interrupted?");
        }
        if (size < END_LENGTH) {
            throw new BundleException(file, "only " + size + " bytes, too short to be a zip file:"
                    + " the file is truncated or not a Nightjar bundle");
        }
        ByteBuffer end = read(channel, size - END_LENGTH, END_LENGTH);
        if (end == null || end.getInt(0) != END_SIGNATURE || u16(end, 20) != 0) {
            throw new BundleException(file, "not a complete zip file (no end-of-central-directory record at its end):"
                    + " the file is truncated or not a Nightjar bundle");
        }
        long entries = u16(end, 10);
        long centralDirectory = u32(end, 12);
        ByteBuffer zip64 = zip64End(channel, size - END_LENGTH);
        if (zip64 != null) {
            // ZIP64 values replace the 16/32-bit ones only where those hold the "see ZIP64" marker.
            entries = entries == MAGIC_COUNT ? zip64.getLong(32) : entries;
            centralDirectory = centralDirectory == MAGIC_SIZE ? zip64.getLong(40) : centralDirectory;
        }
        if (Long.compareUnsigned(centralDirectory, BundleLimits.MAX_CENTRAL_DIRECTORY_BYTES) > 0) {
            throw new BundleException(file, "the zip's central directory declares " + Long.toUnsignedString(centralDirectory)
                    + " bytes, over the limit of " + BundleLimits.mib(BundleLimits.MAX_CENTRAL_DIRECTORY_BYTES)
                    + ": not a Nightjar bundle (a bundle has at most " + BundleLimits.MAX_ENTRIES + " entries)");
        }
        if (Long.compareUnsigned(entries, (long) BundleLimits.MAX_ENTRIES) > 0) {
            throw new BundleException(file, "the zip declares " + Long.toUnsignedString(entries)
                    + " entries, more than a bundle can hold (" + BundleLimits.MAX_ENTRIES + ")");
        }
    }

    /** The ZIP64 end record, or null when the file has none (or a locator pointing nowhere). */
    private static ByteBuffer zip64End(FileChannel channel, long endPosition) throws IOException {
        if (endPosition < ZIP64_LOCATOR_LENGTH) {
            return null;
        }
        ByteBuffer locator = read(channel, endPosition - ZIP64_LOCATOR_LENGTH, ZIP64_LOCATOR_LENGTH);
        if (locator == null || locator.getInt(0) != ZIP64_LOCATOR_SIGNATURE) {
            return null;
        }
        long position = locator.getLong(8);
        if (position < 0 || position > endPosition - ZIP64_END_LENGTH) {
            return null;
        }
        ByteBuffer end64 = read(channel, position, ZIP64_END_LENGTH);
        return end64 != null && end64.getInt(0) == ZIP64_END_SIGNATURE ? end64 : null;
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                return null;
            }
        }
        return buffer;
    }

    private static long u16(ByteBuffer b, int offset) {
        return Short.toUnsignedLong(b.getShort(offset));
    }

    private static long u32(ByteBuffer b, int offset) {
        return Integer.toUnsignedLong(b.getInt(offset));
    }
}
