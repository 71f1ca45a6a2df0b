package dev.nightjar.sensor.requests.privacy;

import dev.nightjar.protocol.text.IdTokens;

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
     * Made for every exchange counted: a path without ids comes back as it is (or cut at its
     * query), without building a new string segment by segment.
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
        StringBuilder route = null;
        int copied = 0;
        int from = 0;
        while (from <= end) {
            int slash = path.indexOf('/', from);
            int to = slash < 0 || slash > end ? end : slash;
            if (IdTokens.isId(path, from, to)) {
                if (route == null) {
                    route = new StringBuilder(end + 8);
                }
                route.append(path, copied, from).append("{id}");
                copied = to;
            }
            if (to == end) {
                break;
            }
            from = to + 1;
        }
        String whole = route == null ? path.substring(0, end) : route.append(path, copied, end).toString();
        return truncate(whole);
    }
}
