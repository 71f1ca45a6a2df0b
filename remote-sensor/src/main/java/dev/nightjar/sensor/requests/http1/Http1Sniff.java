package dev.nightjar.sensor.requests.http1;

/** Whether bytes start an HTTP/1 request or response (to infer the protocol and to resynchronise). */
public final class Http1Sniff {

    private static final String[] METHODS = {"GET ", "POST ", "PUT ", "DELETE ", "HEAD ", "OPTIONS ", "PATCH ",
            "CONNECT ", "TRACE "};

    private Http1Sniff() {
    }

    public static boolean startsRequest(byte[] data, int from, int to) {
        for (String method : METHODS) {
            if (startsWith(data, from, to, method)) {
                return to - from > method.length();
            }
        }
        return false;
    }

    public static boolean startsResponse(byte[] data, int from, int to) {
        return startsWith(data, from, to, "HTTP/1.");
    }

    /** Whether {@code data[from..to)} starts with the ASCII {@code prefix}. */
    static boolean startsWith(byte[] data, int from, int to, String prefix) {
        if (to - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (data[from + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
