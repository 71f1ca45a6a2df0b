package dev.nightjar.protocol.text;

import java.util.Locale;
import java.util.Set;

/**
 * Error texts from servers (PostgreSQL's ErrorResponse message, Redis error replies, gRPC's
 * grpc-message) with the user data in them masked, as statements and query strings are:
 * a server quotes the value it refused ({@code invalid input syntax for type integer: "abc"},
 * {@code unknown command 'x'}), and applications write ids and addresses into their messages
 * ({@code user 8123 <alice@example.com> not found}). Each value becomes {@code ?} in place, so
 * the message keeps its shape and still says what went wrong:
 *
 * <ul>
 *   <li>single-quoted text: {@code '?'} (an apostrophe inside a word, as in "can't", opens no quote);</li>
 *   <li>double-quoted text: {@code "?"}, except the name of a schema object PostgreSQL
 *       quotes after its kind ({@code relation "users"}, {@code constraint "users_email_key"},
 *       {@code column "email"}): names of tables and constraints, not data;</li>
 *   <li>a parenthesised value after {@code =}: {@code Key (email)=(?)};</li>
 *   <li>numbers, UUIDs and hex ids ({@link IdTokens}, as route templates see them) and e-mail addresses: {@code ?}.</li>
 * </ul>
 *
 * Words, identifiers with digits in them ({@code t1}, {@code utf8}) and the rest are kept.
 * Idempotent: a masked text masks to itself. Not a guarantee that no data is left (free text
 * can say anything), but what servers and frameworks put in their messages is covered.
 */
public final class ErrorTexts {

    private static final String MASK = "?";
    /** The kinds of schema object whose quoted names PostgreSQL's messages carry. */
    private static final Set<String> NAMED_OBJECTS = Set.of("relation", "table", "column", "constraint", "index",
            "schema", "database", "function", "procedure", "sequence", "view", "type", "trigger", "extension",
            "operator", "collation", "domain", "tablespace", "cursor", "statement", "portal", "savepoint");

    private ErrorTexts() {
    }

    public static String mask(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\'' && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))) { // not "can't"
                i = closingQuote(text, i, '\'');
                out.append("'?'");
            } else if (c == '"') {
                int end = closingQuote(text, i, '"');
                if (NAMED_OBJECTS.contains(wordBefore(text, i))) {
                    out.append(text, i, end);
                } else {
                    out.append("\"?\"");
                }
                i = end;
            } else if (c == '=' && i + 1 < n && text.charAt(i + 1) == '(') {
                i = closingParenthesis(text, i + 1);
                out.append("=(?)");
            } else if (isTokenChar(c)) {
                int end = i;
                while (end < n && isTokenChar(text.charAt(end))) {
                    end++;
                }
                int last = end; // a sentence's full stop or a list's comma is not part of a value
                while (last > i && ".,:;".indexOf(text.charAt(last - 1)) >= 0) {
                    last--;
                }
                out.append(isValue(text, i, last) ? MASK : text.substring(i, last)).append(text, last, end);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Whether a token is data: a number, an id, or an e-mail address. */
    private static boolean isValue(String text, int from, int to) {
        if (from >= to) {
            return false;
        }
        int at = text.indexOf('@', from);
        if (at > from && at < to && text.lastIndexOf('.', to - 1) > at) {
            return true;
        }
        String token = text.substring(from, to);
        return isNumber(token) || IdTokens.isId(token);
    }

    /**
     * An integer or a decimal, signed or not, with or without an exponent (one dot at most: an
     * IP address or a version is not a value of the request; bundles hash addresses).
     */
    private static boolean isNumber(String s) {
        int i = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
        int digits = 0;
        int dots = 0;
        while (i < s.length() && (isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            digits += s.charAt(i) == '.' ? 0 : 1;
            dots += s.charAt(i) == '.' ? 1 : 0;
            i++;
        }
        if (dots > 1) {
            return false;
        }
        if (digits > 0 && i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            i += i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+') ? 1 : 0;
            int exponent = i;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == exponent) {
                return false;
            }
        }
        return digits > 0 && i == s.length();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isTokenChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '+' || c == '.' || c == '@' || c == '%';
    }

    /** The lower-case word just before {@code at} (spaces between allowed); "" when none. */
    private static String wordBefore(String text, int at) {
        int end = at;
        while (end > 0 && text.charAt(end - 1) == ' ') {
            end--;
        }
        int start = end;
        while (start > 0 && Character.isLetter(text.charAt(start - 1))) {
            start--;
        }
        return text.substring(start, end).toLowerCase(Locale.ROOT);
    }

    /** The index after the quote closing the one at {@code open} (doubled: escaped), or the end. */
    private static int closingQuote(String text, int open, char quote) {
        int i = open + 1;
        while (i < text.length()) {
            if (text.charAt(i) == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return text.length();
    }

    /** The index after the parenthesis closing the one at {@code open} (nested ones counted), or the end. */
    private static int closingParenthesis(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i + 1;
            }
        }
        return text.length();
    }
}
