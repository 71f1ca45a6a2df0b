package dev.nightjar.protocol.bundle;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.nightjar.protocol.v1.SensorEvent;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads {@code writeDelimitedTo}-framed SensorEvents (a varint length, then the
 * message) one at a time, checking each length before allocating anything for
 * it: a length prefix that is malformed, negative, over
 * {@link BundleLimits#MAX_RECORD_BYTES} or past the entry's declared end is an
 * error naming the record number (from 1) and its byte offset (from 0).
 */
final class DelimitedEventReader {

    private static final int MAX_VARINT_BYTES = 10;

    private final InputStream in;
    private final String where;
    private final long declaredSize;
    private long offset;
    private long records;

    /**
     * @param in           the entry's bytes; buffered by the caller (the prefix is read byte by byte)
     * @param where        the entry as named in messages
     * @param declaredSize the entry's declared uncompressed size
     */
    DelimitedEventReader(InputStream in, String where, long declaredSize) {
        this.in = in;
        this.where = where;
        this.declaredSize = declaredSize;
    }

    /** Events read so far. */
    long count() {
        return records;
    }

    /** The next event, or null at a clean end of the entry. */
    SensorEvent next() throws BundleException {
        long start = offset;
        long record = records + 1;
        int b = readByte();
        if (b < 0) {
            return null;
        }
        long length = b & 0x7f;
        int prefixBytes = 1;
        while ((b & 0x80) != 0) {
            if (prefixBytes == MAX_VARINT_BYTES) {
                throw error(record, start, "malformed length prefix (longer than 10 bytes)");
            }
            b = readByte();
            if (b < 0) {
                throw error(record, start, "the entry ends inside the record's length prefix (truncated)");
            }
            length |= (long) (b & 0x7f) << (7 * prefixBytes);
            prefixBytes++;
        }
        offset += prefixBytes;
        if (length < 0) {
            throw error(record, start, "the length prefix is negative (" + length + ")");
        }
        if (length > BundleLimits.MAX_RECORD_BYTES) {
            throw error(record, start, "the length prefix declares " + length + " bytes, over the "
                    + BundleLimits.mib(BundleLimits.MAX_RECORD_BYTES) + " record limit");
        }
        if (length > declaredSize - offset) {
            throw error(record, start, "the length prefix declares " + length + " bytes, but only "
                    + Math.max(0, declaredSize - offset) + " remain in the entry (truncated or damaged)");
        }
        byte[] data = readFully((int) length, record, start);
        try {
            SensorEvent event = SensorEvent.parseFrom(data);
            records = record;
            return event;
        } catch (InvalidProtocolBufferException e) {
            throw error(record, start, "not a valid nightjar.v1.SensorEvent (" + BundleException.detail(e) + ")");
        }
    }

    private int readByte() throws BundleException {
        try {
            return in.read();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private byte[] readFully(int length, long record, long start) throws BundleException {
        byte[] data;
        try {
            // readNBytes grows its buffer as data arrives, so a lying length costs
            // no more memory than the bytes that are really there.
            data = in.readNBytes(length);
        } catch (IOException e) {
            throw failure(e);
        }
        offset += data.length;
        if (data.length < length) {
            throw error(record, start, "the record declares " + length + " bytes, but the entry ends after "
                    + data.length + " of them (truncated)");
        }
        return data;
    }

    private BundleException error(long record, long start, String problem) {
        return new BundleException(where, "record " + record + " at byte offset " + start + ": " + problem);
    }

    private BundleException failure(IOException e) {
        if (e instanceof BoundedEntryStream.OverrunException) {
            return new BundleException(where, e.getMessage(), e);
        }
        return new BundleException(where, "cannot be inflated near byte offset " + offset
                + ", the compressed data is damaged (" + BundleException.detail(e) + ")", e);
    }
}
