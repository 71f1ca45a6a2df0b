package dev.nightjar.sensor.requests.http1;

/**
 * The parts of an HTTP/1 message head the sensor keeps: the start line and the allow-listed
 * headers (Host, Content-Type, User-Agent) plus what frames the body. Every other header's value
 * is read past, never stored.
 */
record Http1Head(
        String method,
        String target,
        String version,
        int status,
        String host,
        String contentType,
        String userAgent,
        long contentLength,
        boolean chunked,
        boolean close,
        int headBytes) {

    static final int MAX_VALUE_CHARS = 256;
    private static final int MAX_METHOD_CHARS = 20;

    boolean isResponse() {
        return status != 0;
    }

    /**
     * Parses a complete head ({@code text} ends with the empty line), or returns null when it is not HTTP/1.
     * Runs on every message: it reads the bytes in place and makes a string only of what it
     * keeps (the common methods and versions are constants), since allocating and scanning
     * copies was a large part of the sensor's cost per request.
     */
    static Http1Head parse(byte[] bytes, int offset, int length) {
        int lineEnd = indexOf(bytes, offset, offset + length, (byte) '\n');
        if (lineEnd < 0) {
            return null;
        }
        int startEnd = trimCr(bytes, offset, lineEnd);
        String method = "";
        String target = "";
        String version;
        int status = 0;
        if (Http1Sniff.startsWith(bytes, offset, startEnd, "HTTP/1.")) {
            if (startEnd - offset < 12 || bytes[offset + 8] != ' ') {
                return null;
            }
            version = version(bytes, offset + 5);
            status = threeDigits(bytes, offset + 9);
            if (status < 100 || status > 999) {
                return null;
            }
        } else {
            int sp1 = indexOf(bytes, offset, startEnd, (byte) ' ');
            int sp2 = lastIndexOf(bytes, offset, startEnd, (byte) ' ');
            if (sp1 <= offset || sp1 - offset > MAX_METHOD_CHARS || sp2 <= sp1
                    || !Http1Sniff.startsWith(bytes, sp2 + 1, startEnd, "HTTP/1.") || startEnd != sp2 + 9
                    || !isToken(bytes, offset, sp1)) {
                return null;
            }
            method = method(bytes, offset, sp1);
            target = ascii(bytes, sp1 + 1, sp2);
            version = version(bytes, sp2 + 6);
        }
        String host = "";
        String contentType = "";
        String userAgent = "";
        long contentLength = -1;
        boolean chunked = false;
        boolean close = version.equals("1.0");
        int end = offset + length;
        int line = lineEnd + 1;
        while (line < end) {
            int next = indexOf(bytes, line, end, (byte) '\n');
            if (next < 0) {
                next = end;
            }
            int valueEnd = trimCr(bytes, line, next);
            if (valueEnd == line) {
                break; // the empty line ending the head
            }
            int colon = indexOf(bytes, line, valueEnd, (byte) ':');
            if (colon <= line) {
                return null;
            }
            int nameLength = colon - line;
            int valueStart = colon + 1;
            while (valueStart < valueEnd && (bytes[valueStart] == ' ' || bytes[valueStart] == '\t')) {
                valueStart++;
            }
            // Only allow-listed names have their values turned into strings.
            switch (nameLength) {
                case 4 -> {
                    if (nameIs(bytes, line, "host")) {
                        host = value(bytes, valueStart, valueEnd);
                    }
                }
                case 10 -> {
                    if (nameIs(bytes, line, "user-agent")) {
                        userAgent = value(bytes, valueStart, valueEnd);
                    } else if (nameIs(bytes, line, "connection")) {
                        close = containsIgnoreCase(bytes, valueStart, valueEnd, "close")
                                || (close && !containsIgnoreCase(bytes, valueStart, valueEnd, "keep-alive"));
                    }
                }
                case 12 -> {
                    if (nameIs(bytes, line, "content-type")) {
                        contentType = value(bytes, valueStart, valueEnd);
                    }
                }
                case 14 -> {
                    if (nameIs(bytes, line, "content-length")) {
                        contentLength = digits(bytes, valueStart, valueEnd);
                        if (contentLength < 0) {
                            return null;
                        }
                    }
                }
                case 17 -> {
                    if (nameIs(bytes, line, "transfer-encoding")) {
                        int last = stripEnd(bytes, valueStart, valueEnd);
                        chunked = last - valueStart >= 7 && matchesIgnoreCase(bytes, last - 7, "chunked");
                    }
                }
                default -> {
                    // not a header the sensor reads
                }
            }
            line = next + 1;
        }
        return new Http1Head(method, target, version, status, host, contentType, userAgent, contentLength, chunked,
                close, length);
    }

    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "CONNECT",
            "TRACE"};

    /** The method as one of the constants when it is a common one. */
    private static String method(byte[] b, int from, int to) {
        for (String known : METHODS) {
            if (known.length() == to - from && Http1Sniff.startsWith(b, from, to, known)) {
                return known;
            }
        }
        return ascii(b, from, to);
    }

    /** The three characters of a version ("1.1"), the usual ones as constants. */
    private static String version(byte[] b, int at) {
        if (b[at] == '1' && b[at + 1] == '.') {
            if (b[at + 2] == '1') {
                return "1.1";
            }
            if (b[at + 2] == '0') {
                return "1.0";
            }
        }
        return ascii(b, at, at + 3);
    }

    private static boolean isToken(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            int c = b[i];
            if (!((c >= 'A' && c <= 'Z') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code lower} (ASCII, lower case) is at {@code from}, whatever the bytes' case. */
    private static boolean matchesIgnoreCase(byte[] b, int from, String lower) {
        for (int i = 0; i < lower.length(); i++) {
            int c = b[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsIgnoreCase(byte[] b, int from, int to, String lower) {
        for (int i = from; i + lower.length() <= to; i++) {
            if (matchesIgnoreCase(b, i, lower)) {
                return true;
            }
        }
        return false;
    }

    private static int threeDigits(byte[] b, int at) {
        int v = 0;
        for (int i = at; i < at + 3; i++) {
            int c = b[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static long digits(byte[] b, int from, int to) {
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        if (from == to || to - from > 18) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return -1;
            }
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    /** Whether the header name at {@code from}, as long as {@code lowerName}, is it in any case. */
    private static boolean nameIs(byte[] b, int from, String lowerName) {
        return matchesIgnoreCase(b, from, lowerName);
    }

    /** The value cut to {@link #MAX_VALUE_CHARS}, then without the whitespace around it (as String.strip). */
    private static String value(byte[] b, int from, int to) {
        int end = stripEnd(b, from, Math.min(to, from + MAX_VALUE_CHARS));
        int start = from;
        while (start < end && Character.isWhitespace((char) (b[start] & 0xff))) {
            start++;
        }
        return ascii(b, start, end);
    }

    /** The end of {@code b[from..to)} without trailing whitespace (what String.strip removes). */
    private static int stripEnd(byte[] b, int from, int to) {
        while (to > from && Character.isWhitespace((char) (b[to - 1] & 0xff))) {
            to--;
        }
        return to;
    }

    static String ascii(byte[] b, int from, int to) {
        return new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static int trimCr(byte[] b, int from, int lineEnd) {
        return lineEnd > from && b[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
    }

    private static int lastIndexOf(byte[] b, int from, int to, byte wanted) {
        for (int i = to - 1; i >= from; i--) {
            if (b[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    static int indexOf(byte[] b, int from, int to, byte wanted) {
        for (int i = from; i < to; i++) {
            if (b[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
