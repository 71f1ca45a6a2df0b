package dev.nightjar.sensor.requests.http2;

import dev.nightjar.sensor.requests.parse.Bytes;
import dev.nightjar.sensor.requests.parse.ParseCounters;

/**
 * Splits one direction of an HTTP/2 connection into frames. Payloads of frames that carry header
 * blocks or stream state (HEADERS, PUSH_PROMISE, CONTINUATION, RST_STREAM) are kept, up to
 * {@link #MAX_KEPT_PAYLOAD} bytes; DATA and the rest are skipped by their length. CONTINUATION
 * frames are joined to their HEADERS so the listener sees one whole block.
 */
final class H2FrameReader {

    static final int MAX_KEPT_PAYLOAD = 64 * 1024;
    private static final int HEADER_BYTES = 9;
    /** RFC 9113's largest frame; anything longer is not HTTP/2. */
    private static final int MAX_FRAME = (1 << 24) - 1;

    interface Listener {
        /**
         * A complete frame. {@code payload[0..payloadLength)} holds what was kept of it
         * (fewer than {@code length} bytes when the capture cut it or it was not kept).
         */
        void frame(int type, int flags, int streamId, int length, byte[] payload, int payloadLength);
    }

    private final ParseCounters counters;
    private int prefaceRemaining;
    private final byte[] header = new byte[HEADER_BYTES];
    private int headerLength;
    private int type;
    private int flags;
    private int streamId;
    private int length;
    private long remaining = -1;
    private byte[] payload = new byte[1024];
    private int payloadLength;
    private boolean cut;
    /** A HEADERS or PUSH_PROMISE waiting for CONTINUATION frames. */
    private boolean continuing;
    private int blockType;
    private int blockFlags;
    private int blockStream;
    private int blockLength;
    private boolean broken;

    H2FrameReader(int prefaceBytes, ParseCounters counters) {
        this.prefaceRemaining = prefaceBytes;
        this.counters = counters;
    }

    /** The next bytes are a connection preface to pass over. */
    void skipPreface(int bytes) {
        prefaceRemaining = bytes;
    }

    void read(byte[] data, long callBytes, Listener listener) {
        if (broken) {
            counters.unparsedBytes(callBytes);
            return;
        }
        int i = 0;
        if (prefaceRemaining > 0) {
            int take = Math.min(prefaceRemaining, data.length);
            prefaceRemaining -= take;
            i = take;
        }
        while (i < data.length && !broken) {
            if (remaining < 0) {
                header[headerLength++] = data[i++];
                if (headerLength == HEADER_BYTES) {
                    startFrame();
                    if (remaining == 0 && !broken) {
                        endFrame(listener);
                    }
                }
            } else {
                int take = (int) Math.min(remaining, data.length - i);
                if (keeps(type)) {
                    int keep = Math.min(take, MAX_KEPT_PAYLOAD - payloadLength);
                    ensure(payloadLength + keep);
                    System.arraycopy(data, i, payload, payloadLength, keep);
                    payloadLength += keep;
                    cut |= keep < take;
                }
                i += take;
                remaining -= take;
                if (remaining == 0) {
                    endFrame(listener);
                }
            }
        }
        if (broken) {
            counters.unparsedBytes(data.length - i);
        }
        long missing = callBytes - data.length;
        if (missing > 0 && !broken) {
            if (remaining >= missing) {
                remaining -= missing;
                cut |= keeps(type);
                if (remaining == 0) {
                    endFrame(listener);
                }
            } else {
                broken = true; // a frame header was not copied: the framing is lost for good
                counters.unparsedBytes(missing);
            }
        }
    }

    private static boolean keeps(int type) {
        return type == Http2Parser.HEADERS || type == Http2Parser.PUSH_PROMISE || type == Http2Parser.CONTINUATION
                || type == Http2Parser.RST_STREAM;
    }

    private void startFrame() {
        headerLength = 0;
        length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
        type = header[3] & 0xff;
        flags = header[4] & 0xff;
        streamId = Bytes.int32(header, 5) & 0x7fffffff;
        if (length > MAX_FRAME || (continuing && type != Http2Parser.CONTINUATION)) {
            broken = true;
            return;
        }
        remaining = length;
        if (!(continuing && type == Http2Parser.CONTINUATION)) {
            payloadLength = 0;
            cut = false;
        }
    }

    private void endFrame(Listener listener) {
        remaining = -1;
        if (type == Http2Parser.HEADERS || type == Http2Parser.PUSH_PROMISE) {
            blockType = type;
            blockFlags = flags;
            blockStream = streamId;
            blockLength = length;
            if ((flags & Http2Parser.END_HEADERS) == 0) {
                continuing = true;
                return;
            }
        } else if (type == Http2Parser.CONTINUATION) {
            if (!continuing) {
                return; // a CONTINUATION without its HEADERS (joined mid-stream): nothing to add it to
            }
            blockLength += length;
            if ((flags & Http2Parser.END_HEADERS) == 0) {
                return;
            }
            continuing = false;
        } else {
            listener.frame(type, flags, streamId, length, payload, keeps(type) ? payloadLength : 0);
            return;
        }
        continuing = false;
        // CONTINUATION frames carry no padding or priority: the block is the kept bytes in order
        listener.frame(blockType, blockFlags, blockStream, cut ? blockLength + 1 : blockLength, payload, payloadLength);
        payloadLength = 0;
        if (payload.length > 4096) {
            payload = new byte[1024]; // give back what one large block made it grow to
        }
    }

    private void ensure(int size) {
        if (size > payload.length) {
            byte[] bigger = new byte[Math.min(MAX_KEPT_PAYLOAD, Math.max(size, payload.length * 2))];
            System.arraycopy(payload, 0, bigger, 0, payloadLength);
            payload = bigger;
        }
    }
}
