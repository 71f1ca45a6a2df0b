package dev.nightjar.desktop.bundle;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks the parts of request fields that carry user data, the way the sensor masks them
 * by default ({@code ?} in place of each value): an export applies it again so that a
 * capture taken with masking off (RequestTarget.unmask_literals) can still leave the
 * machine masked. Masking an already masked text changes nothing.
 */
final class RequestLiterals {

    static final String MASK = "?";

    /**
     * A single-quoted SQL string ('' inside is a quote; unclosed when the statement was
     * truncated), or a number not part of a name and not a $n placeholder.
     */
    private static final Pattern SQL_LITERAL = Pattern.compile(
            "'(?:[^']|'')*'?|(?<![\\w$.])[-+]?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?(?![\\w$])");

    private RequestLiterals() {
    }

    /** {@code /search?q=shoes&page=2} → {@code /search?q=?&page=?}; a path without a query is unchanged. */
    static String path(String path) {
        int q = path.indexOf('?');
        if (q < 0) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length()).append(path, 0, q + 1);
        String[] pairs = path.substring(q + 1).split("&", -1);
        for (int i = 0; i < pairs.length; i++) {
            if (i > 0) {
                out.append('&');
            }
            int eq = pairs[i].indexOf('=');
            out.append(eq < 0 ? (pairs[i].isEmpty() ? "" : MASK) : pairs[i].substring(0, eq + 1) + MASK);
        }
        return out.toString();
    }

    /** Every string and number literal of a SQL statement replaced by {@code ?}; names and $n kept. */
    static String sql(String statement) {
        Matcher m = SQL_LITERAL.matcher(statement);
        StringBuilder out = new StringBuilder(statement.length());
        int last = 0;
        while (m.find()) {
            out.append(statement, last, m.start()).append(MASK);
            last = m.end();
        }
        return out.append(statement, last, statement.length()).toString();
    }

    /** A Redis key says what the data is about (user:1234): masked whole. */
    static String key(String key) {
        return key.isEmpty() ? key : MASK;
    }
}
