package dev.nightjar.sensor.requests.redis;

import dev.nightjar.sensor.requests.parse.Bytes;
import java.nio.charset.StandardCharsets;

/**
 * Reads RESP2/RESP3 values incrementally, byte by byte for framing and by count for bulk
 * strings, keeping only what the sensor wants: the first two bulk strings of a top-level array
 * (a command's name and first key) and a top-level error's text. Nesting is bounded at
 * {@link #MAX_DEPTH}; anything that is not RESP makes the reader {@link #broken()}.
 */
final class RespReader {

    static final int MAX_DEPTH = 16;
    static final int MAX_CAPTURE = 128;
    private static final int MAX_LINE = 512;

    /** What a complete top-level value was. */
    interface Listener {
        void value(char type, String first, String second, String errorText);
    }

    private enum State { TYPE, LINE, BULK, BULK_END, BROKEN }

    private State state = State.TYPE;
    private char type;
    private final byte[] line = new byte[MAX_LINE];
    private int lineLength;
    private boolean lineCut;
    private long bulkRemaining;
    private int bulkEndSeen;
    private final long[] remaining = new long[MAX_DEPTH];
    private int depth;
    private char topType;
    private int topIndex;
    private final byte[] capture = new byte[MAX_CAPTURE];
    private int captureLength;
    private String first = "";
    private String second = "";
    private String errorText = "";

    boolean broken() {
        return state == State.BROKEN;
    }

    /** At a value's boundary with nothing half read. */
    boolean atBoundary() {
        return state == State.TYPE && depth == 0;
    }

    void reset() {
        state = State.TYPE;
        depth = 0;
        lineLength = 0;
        lineCut = false;
    }

    /** Reads {@code data[from..to)}; returns where it stopped (the end, or where it broke). */
    int read(byte[] data, int from, int to, Listener listener) {
        int i = from;
        while (i < to && state != State.BROKEN) {
            switch (state) {
                case TYPE -> {
                    type = (char) data[i++];
                    if (depth == 0) {
                        topType = type;
                        topIndex = 0;
                        first = "";
                        second = "";
                        errorText = "";
                    }
                    if ("+-:$*_,#!=(%~>|".indexOf(type) < 0) {
                        state = State.BROKEN;
                    } else {
                        state = State.LINE;
                        lineLength = 0;
                        lineCut = false;
                    }
                }
                case LINE -> {
                    byte b = data[i++];
                    if (b == '\n' && lineLength > 0 && line[lineLength - 1] == '\r') {
                        lineLength--;
                        lineDone(listener);
                    } else if (lineLength < MAX_LINE) {
                        line[lineLength++] = b;
                    } else {
                        lineCut = true;
                        if (isCountType(type)) {
                            state = State.BROKEN;
                        }
                    }
                }
                case BULK -> {
                    int take = (int) Math.min(bulkRemaining, to - i);
                    captureLength += Bytes.keep(data, i, take, capture, captureLength);
                    i += take;
                    bulkRemaining -= take;
                    if (bulkRemaining == 0) {
                        state = State.BULK_END;
                        bulkEndSeen = 0;
                    }
                }
                case BULK_END -> {
                    byte b = data[i++];
                    if (b != (bulkEndSeen == 0 ? '\r' : '\n')) {
                        state = State.BROKEN;
                    } else if (++bulkEndSeen == 2) {
                        state = State.TYPE;
                        bulkDone();
                        valueDone(listener);
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        return i;
    }

    /** Bytes the capture did not copy: skipped when inside a bulk string, otherwise the reader breaks. */
    void skipMissing(long count) {
        if (state == State.BULK && count <= bulkRemaining) {
            bulkRemaining -= count;
            if (bulkRemaining == 0) {
                state = State.BULK_END;
                bulkEndSeen = 0;
            }
        } else {
            state = State.BROKEN;
        }
    }

    private static boolean isCountType(char t) {
        return "$*!=%~>|".indexOf(t) >= 0;
    }

    private void lineDone(Listener listener) {
        state = State.TYPE;
        switch (type) {
            case '$', '!', '=' -> {
                long n = number();
                if (n == -1) {
                    valueDone(listener); // a null bulk string
                } else if (n < 0) {
                    state = State.BROKEN;
                } else {
                    bulkRemaining = n;
                    captureLength = 0;
                    if (type == '!' && depth == 0) {
                        errorText = "";
                    }
                    state = n == 0 ? State.BULK_END : State.BULK;
                    bulkEndSeen = 0;
                }
            }
            case '*', '~', '>', '%', '|' -> {
                long n = number();
                long elements = type == '%' || type == '|' ? n * 2 : n;
                if (n == -1 || elements == 0) {
                    valueDone(listener);
                } else if (n < 0 || depth == MAX_DEPTH || n > Integer.MAX_VALUE) {
                    state = State.BROKEN;
                } else {
                    remaining[depth++] = elements;
                }
            }
            default -> {
                if (type == '-' && depth == 0) {
                    errorText = new String(line, 0, lineLength, StandardCharsets.ISO_8859_1) + (lineCut ? "…" : "");
                }
                valueDone(listener);
            }
        }
    }

    private void bulkDone() {
        String text = new String(capture, 0, captureLength, StandardCharsets.ISO_8859_1);
        if (depth == 0 && type == '!') {
            errorText = text;
        } else if (depth == 1) {
            if (topIndex == 0) {
                first = text;
            } else if (topIndex == 1) {
                second = text;
            }
        }
    }

    private void valueDone(Listener listener) {
        while (depth > 0) {
            if (depth == 1) {
                topIndex++;
            }
            if (--remaining[depth - 1] > 0) {
                return;
            }
            depth--;
        }
        listener.value(topType, first, second, errorText);
    }

    private long number() {
        if (lineLength == 0 || lineLength > 19) {
            return Long.MIN_VALUE;
        }
        boolean negative = line[0] == '-';
        long v = 0;
        for (int k = negative ? 1 : 0; k < lineLength; k++) {
            if (line[k] < '0' || line[k] > '9') {
                return Long.MIN_VALUE;
            }
            v = v * 10 + (line[k] - '0');
        }
        return negative ? -v : v;
    }
}
