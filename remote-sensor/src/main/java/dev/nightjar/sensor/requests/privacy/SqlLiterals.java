package dev.nightjar.sensor.requests.privacy;

/**
 * SQL statements with their literals masked: string constants ({@code 'x'}, {@code E'x'},
 * {@code $tag$x$tag$}) and numbers become {@code ?}; identifiers (also quoted ones), keywords,
 * parameters ({@code $1}) and comments' absence of meaning are kept. A statement cut in the
 * middle of a literal masks to its end.
 */
public final class SqlLiterals {

    /** The longest statement kept, in characters; longer ones are cut (and end with "…"). */
    public static final int MAX_STATEMENT_CHARS = 1024;

    private SqlLiterals() {
    }

    public static String truncate(String statement) {
        return statement.length() <= MAX_STATEMENT_CHARS ? statement
                : statement.substring(0, MAX_STATEMENT_CHARS - 1) + "…";
    }

    public static String mask(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || ((c == 'E' || c == 'e' || c == 'B' || c == 'b' || c == 'X' || c == 'x')
                    && i + 1 < n && sql.charAt(i + 1) == '\'' && !identifierBefore(sql, i))) {
                int quote = c == '\'' ? i : i + 1;
                i = skipQuoted(sql, quote, c == 'E' || c == 'e');
                out.append('?');
            } else if (c == '"') {
                int end = skipQuoted(sql, i, false, '"');
                out.append(sql, i, end);
                i = end;
            } else if (c == '$' && i + 1 < n && !Character.isDigit(sql.charAt(i + 1))) {
                int tagEnd = sql.indexOf('$', i + 1);
                if (tagEnd > 0 && isTag(sql, i + 1, tagEnd)) {
                    String tag = sql.substring(i, tagEnd + 1);
                    int close = sql.indexOf(tag, tagEnd + 1);
                    i = close < 0 ? n : close + tag.length();
                    out.append('?');
                } else {
                    out.append(c);
                    i++;
                }
            } else if (c == '$') {
                int end = i + 1; // $1: a parameter, kept
                while (end < n && Character.isDigit(sql.charAt(end))) {
                    end++;
                }
                out.append(sql, i, end);
                i = end;
            } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(sql.charAt(i + 1)))) {
                if (identifierBefore(sql, i)) {
                    out.append(c); // t1, col2: part of a name
                    i++;
                } else {
                    i = skipNumber(sql, i);
                    out.append('?');
                }
            } else if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_' || sql.charAt(end) == '$')) {
                    end++;
                }
                out.append(sql, i, end);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean identifierBefore(String sql, int i) {
        if (i == 0) {
            return false;
        }
        char p = sql.charAt(i - 1);
        return Character.isLetterOrDigit(p) || p == '_' || p == '$';
    }

    private static boolean isTag(String sql, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = sql.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static int skipQuoted(String sql, int quote, boolean backslashEscapes) {
        return skipQuoted(sql, quote, backslashEscapes, '\'');
    }

    /** The index after the closing quote (a doubled quote is an escaped one), or the end. */
    private static int skipQuoted(String sql, int quote, boolean backslashEscapes, char q) {
        int i = quote + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == q) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == q) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    private static int skipNumber(String sql, int i) {
        int n = sql.length();
        if (sql.startsWith("0x", i) || sql.startsWith("0X", i)) {
            i += 2;
            while (i < n && Character.digit(sql.charAt(i), 16) >= 0) {
                i++;
            }
            return i;
        }
        while (i < n && (isDigit(sql.charAt(i)) || sql.charAt(i) == '.' || sql.charAt(i) == '_')) {
            i++;
        }
        if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
                j++;
            }
            if (j < n && isDigit(sql.charAt(j))) {
                i = j;
                while (i < n && isDigit(sql.charAt(i))) {
                    i++;
                }
            }
        }
        return i;
    }
}
