package dev.nightjar.sensor.requests.http1;

/**
 * Skips an HTTP/1 message body by its framing without keeping any of it: a Content-Length
 * count, chunked transfer coding (sizes, chunk data, trailers) or everything until the
 * connection closes. Only the framing bytes of chunked bodies are looked at.
 */
final class BodySkipper {

    private enum Mode { DONE, LENGTH, CHUNK_SIZE, CHUNK_EXTENSION, CHUNK_DATA, CHUNK_DATA_END, TRAILER, UNTIL_CLOSE, BROKEN }

    private static final int MAX_SIZE_DIGITS = 15;

    private Mode mode = Mode.DONE;
    private long remaining;
    private int digits;
    private int lineLength;

    void none() {
        mode = Mode.DONE;
    }

    void length(long length) {
        remaining = length;
        mode = length == 0 ? Mode.DONE : Mode.LENGTH;
    }

    void chunked() {
        startSize();
    }

    void untilClose() {
        mode = Mode.UNTIL_CLOSE;
    }

    boolean done() {
        return mode == Mode.DONE;
    }

    /** The framing was not valid chunked coding: the connection lost its sync. */
    boolean broken() {
        return mode == Mode.BROKEN;
    }

    boolean untilCloseMode() {
        return mode == Mode.UNTIL_CLOSE;
    }

    private void startSize() {
        mode = Mode.CHUNK_SIZE;
        remaining = 0;
        digits = 0;
    }

    /** Skips body bytes from {@code data[from..to)}; returns where the body ended, or {@code to}. */
    int skip(byte[] data, int from, int to) {
        int i = from;
        while (i < to && mode != Mode.DONE && mode != Mode.BROKEN) {
            switch (mode) {
                case LENGTH, CHUNK_DATA -> {
                    long take = Math.min(remaining, to - i);
                    i += (int) take;
                    counted(take);
                }
                case UNTIL_CLOSE -> i = to;
                default -> i = framing(data[i], i);
            }
        }
        return i;
    }

    /** Body bytes of a known length went by: a Content-Length body or a chunk's data may end. */
    private void counted(long count) {
        remaining -= count;
        if (remaining == 0) {
            mode = mode == Mode.LENGTH ? Mode.DONE : Mode.CHUNK_DATA_END;
        }
    }

    /** One byte of chunk framing; returns the index after it. */
    private int framing(byte b, int i) {
        switch (mode) {
            case CHUNK_SIZE -> {
                int digit = Character.digit(b, 16);
                if (digit >= 0 && digits < MAX_SIZE_DIGITS) {
                    remaining = remaining * 16 + digit;
                    digits++;
                } else if (digits > 0 && (b == ';' || b == ' ' || b == '\t' || b == '\r')) {
                    mode = Mode.CHUNK_EXTENSION;
                } else if (digits > 0 && b == '\n') {
                    endSizeLine();
                } else {
                    mode = Mode.BROKEN;
                }
            }
            case CHUNK_EXTENSION -> {
                if (b == '\n') {
                    endSizeLine();
                } else if (++lineLength > 4096) {
                    mode = Mode.BROKEN;
                }
            }
            case CHUNK_DATA_END -> {
                if (b == '\n') {
                    startSize();
                } else if (b != '\r') {
                    mode = Mode.BROKEN;
                }
            }
            case TRAILER -> {
                if (b == '\n') {
                    if (lineLength == 0) {
                        mode = Mode.DONE;
                    }
                    lineLength = 0;
                } else if (b != '\r' && ++lineLength > 8192) {
                    mode = Mode.BROKEN;
                }
            }
            default -> throw new IllegalStateException("not a framing state: " + mode);
        }
        return i + 1;
    }

    private void endSizeLine() {
        lineLength = 0;
        if (remaining == 0) {
            mode = Mode.TRAILER;
        } else {
            mode = Mode.CHUNK_DATA;
        }
    }

    /**
     * Bytes the capture did not copy: counted off a known length; returns false when the
     * framing cannot be followed across them (they held chunk framing).
     */
    boolean skipMissing(long count) {
        switch (mode) {
            case LENGTH, CHUNK_DATA -> {
                if (count > remaining) {
                    return false;
                }
                counted(count);
                return true;
            }
            case UNTIL_CLOSE -> {
                return true;
            }
            default -> {
                return false;
            }
        }
    }
}
