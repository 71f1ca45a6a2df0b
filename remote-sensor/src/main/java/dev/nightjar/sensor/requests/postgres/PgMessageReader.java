package dev.nightjar.sensor.requests.postgres;

import dev.nightjar.sensor.requests.parse.Bytes;
import dev.nightjar.sensor.requests.parse.ParseCounters;

/**
 * Splits one direction of a PostgreSQL connection into messages: a type byte and a 32-bit
 * length (or, for the client's first message, only the length). The body of each message is
 * kept up to {@link #MAX_BODY} bytes, the rest skipped by count; a length that cannot be right
 * loses the sync until a call starts with a plausible message again.
 */
final class PgMessageReader {

    static final int MAX_BODY = 4096;
    /** The type given to a message without a type byte (startup, SSL request). */
    static final int STARTUP = -1;
    private static final int MAX_LENGTH = 1 << 30;

    interface Listener {
        /** A complete message: its first {@code length} body bytes are in {@code body}; {@code total} on the wire. */
        void message(int type, byte[] body, int length, long total);
    }

    private final ParseCounters counters;
    private final byte[] header = new byte[5];
    private int headerLength;
    private boolean startup;
    private final byte[] body = new byte[MAX_BODY];
    private int bodyLength;
    private long bodyRemaining = -1;
    private int type;
    private long total;
    private boolean broken;

    PgMessageReader(boolean expectsStartup, ParseCounters counters) {
        this.startup = expectsStartup;
        this.counters = counters;
    }

    void read(byte[] data, long callBytes, long ts, Listener listener) {
        if (broken) {
            if (data.length >= 5 && plausibleType(data[0]) && Bytes.int32(data, 1) >= 4 && Bytes.int32(data, 1) < MAX_LENGTH) {
                broken = false;
                headerLength = 0;
                bodyRemaining = -1;
            } else {
                counters.unparsedBytes(callBytes);
                return;
            }
        }
        int i = 0;
        while (i < data.length && !broken) {
            if (bodyRemaining < 0) {
                int headerSize = startup ? 4 : 5;
                header[headerLength++] = data[i++];
                if (headerLength == headerSize) {
                    type = startup ? STARTUP : header[0] & 0xff;
                    int length = Bytes.int32(header, startup ? 0 : 1);
                    int minimum = startup ? 8 : 4;
                    if (length < minimum || length > MAX_LENGTH || (!startup && !plausibleType(header[0]))) {
                        lose(data.length - i + headerLength);
                        return;
                    }
                    startup = false;
                    bodyRemaining = length - 4;
                    bodyLength = 0;
                    total = length + (type == STARTUP ? 0 : 1);
                    headerLength = 0;
                    if (bodyRemaining == 0) {
                        finish(listener);
                    }
                }
            } else {
                int take = (int) Math.min(bodyRemaining, data.length - i);
                bodyLength += Bytes.keep(data, i, take, body, bodyLength);
                i += take;
                bodyRemaining -= take;
                if (bodyRemaining == 0) {
                    finish(listener);
                }
            }
        }
        long missing = callBytes - data.length;
        if (missing > 0 && !broken) {
            if (bodyRemaining >= missing) {
                bodyRemaining -= missing;
                if (bodyRemaining == 0) {
                    finish(listener);
                }
            } else {
                lose(missing);
            }
        }
    }

    private void finish(Listener listener) {
        bodyRemaining = -1;
        listener.message(type, body, bodyLength, total);
    }

    private void lose(long bytes) {
        broken = true;
        counters.unparsedBytes(bytes);
    }

    /** Message types of either direction (a letter or a digit). */
    private static boolean plausibleType(byte b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '1' && b <= '3');
    }
}
