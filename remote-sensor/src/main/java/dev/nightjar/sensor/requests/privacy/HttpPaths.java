package dev.nightjar.sensor.requests.privacy;

/**
 * Request paths made safe to send and to group by: query values masked, and the route
 * template that collapses ids ({@code /orders/8123} becomes {@code /orders/{id}}).
 */
public final class HttpPaths {

    /** The longest path kept; longer ones are cut (and end with "…"). */
    public static final int MAX_PATH_CHARS = 512;

    private HttpPaths() {
    }

    /** {@code /search?q=abc&page=2} becomes {@code /search?q=?&page=?}; the fragment is dropped. */
    public static String maskQuery(String path) {
        int hash = path.indexOf('#');
        String noFragment = hash < 0 ? path : path.substring(0, hash);
        int question = noFragment.indexOf('?');
        if (question < 0) {
            return noFragment;
        }
        StringBuilder masked = new StringBuilder(noFragment.length()).append(noFragment, 0, question + 1);
        String query = noFragment.substring(question + 1);
        int from = 0;
        while (from <= query.length()) {
            int amp = query.indexOf('&', from);
            int to = amp < 0 ? query.length() : amp;
            String pair = query.substring(from, to);
            int eq = pair.indexOf('=');
            if (eq >= 0) {
                masked.append(pair, 0, eq).append("=?");
            } else if (!pair.isEmpty()) {
                masked.append('?'); // a bare value ("?8123") is a value, not a name
            }
            if (amp < 0) {
                break;
            }
            masked.append('&');
            from = amp + 1;
        }
        return masked.toString();
    }

    /** Cuts a path to {@link #MAX_PATH_CHARS}. */
    public static String truncate(String path) {
        return path.length() <= MAX_PATH_CHARS ? path : path.substring(0, MAX_PATH_CHARS - 1) + "…";
    }

    /**
     * The route: the path without query or fragment, each segment that is an id replaced by
     * {@code {id}}: a number, a UUID, or a hex string of 8 or more digits with at least one digit
     * (so words like {@code deadbeef} in a route are ids only when they look like hashes).
     */
    public static String route(String path) {
        int end = path.length();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        StringBuilder route = new StringBuilder(end);
        int from = 0;
        while (from <= end) {
            int slash = path.indexOf('/', from);
            int to = slash < 0 || slash > end ? end : slash;
            String segment = path.substring(from, to);
            route.append(isId(segment) ? "{id}" : segment);
            if (to == end) {
                break;
            }
            route.append('/');
            from = to + 1;
        }
        return truncate(route.toString());
    }

    static boolean isId(String segment) {
        if (segment.isEmpty()) {
            return false;
        }
        return isNumber(segment) || isUuid(segment) || isHexId(segment);
    }

    private static boolean isNumber(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i)) || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isUuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !isHex(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHexId(String s) {
        if (s.length() < 8) {
            return false;
        }
        boolean digit = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isHex(c)) {
                return false;
            }
            digit |= c >= '0' && c <= '9';
        }
        return digit;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
