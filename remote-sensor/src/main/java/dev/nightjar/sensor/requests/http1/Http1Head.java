package dev.nightjar.sensor.requests.http1;

import java.util.Locale;

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

    /** Parses a complete head ({@code text} ends with the empty line), or returns null when it is not HTTP/1. */
    static Http1Head parse(byte[] bytes, int offset, int length) {
        int lineEnd = indexOf(bytes, offset, offset + length, (byte) '\n');
        if (lineEnd < 0) {
            return null;
        }
        String startLine = ascii(bytes, offset, trimCr(bytes, offset, lineEnd));
        String method = "";
        String target = "";
        String version;
        int status = 0;
        if (startLine.startsWith("HTTP/1.")) {
            if (startLine.length() < 12 || startLine.charAt(8) != ' ') {
                return null;
            }
            version = startLine.substring(5, 8);
            status = threeDigits(startLine, 9);
            if (status < 100 || status > 999) {
                return null;
            }
        } else {
            int sp1 = startLine.indexOf(' ');
            int sp2 = startLine.lastIndexOf(' ');
            if (sp1 <= 0 || sp1 > MAX_METHOD_CHARS || sp2 <= sp1 || !startLine.startsWith("HTTP/1.", sp2 + 1)
                    || startLine.length() != sp2 + 9) {
                return null;
            }
            method = startLine.substring(0, sp1);
            if (!isToken(method)) {
                return null;
            }
            target = startLine.substring(sp1 + 1, sp2);
            version = startLine.substring(sp2 + 6);
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
            if (nameIs(bytes, line, nameLength, "host")) {
                host = value(bytes, valueStart, valueEnd);
            } else if (nameIs(bytes, line, nameLength, "content-type")) {
                contentType = value(bytes, valueStart, valueEnd);
            } else if (nameIs(bytes, line, nameLength, "user-agent")) {
                userAgent = value(bytes, valueStart, valueEnd);
            } else if (nameIs(bytes, line, nameLength, "content-length")) {
                contentLength = digits(bytes, valueStart, valueEnd);
                if (contentLength < 0) {
                    return null;
                }
            } else if (nameIs(bytes, line, nameLength, "transfer-encoding")) {
                chunked = ascii(bytes, valueStart, valueEnd).toLowerCase(Locale.ROOT).strip().endsWith("chunked");
            } else if (nameIs(bytes, line, nameLength, "connection")) {
                String v = ascii(bytes, valueStart, valueEnd).toLowerCase(Locale.ROOT);
                close = v.contains("close") || (close && !v.contains("keep-alive"));
            }
            line = next + 1;
        }
        return new Http1Head(method, target, version, status, host, contentType, userAgent, contentLength, chunked,
                close, length);
    }

    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static int threeDigits(String s, int at) {
        int v = 0;
        for (int i = at; i < at + 3; i++) {
            char c = s.charAt(i);
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

    private static boolean nameIs(byte[] b, int from, int length, String lowerName) {
        if (length != lowerName.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            int c = b[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String value(byte[] b, int from, int to) {
        return ascii(b, from, Math.min(to, from + MAX_VALUE_CHARS)).strip();
    }

    static String ascii(byte[] b, int from, int to) {
        return new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static int trimCr(byte[] b, int from, int lineEnd) {
        return lineEnd > from && b[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
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
