package dev.nightjar.protocol.bundle;

import java.util.Objects;

/**
 * A bundle could not be written, or a bundle file is damaged, hostile or from
 * another version. {@link #getMessage()} is one line, fit to show a person:
 * {@code "<where>: <problem>"}, where {@code where} names the zip entry
 * (e.g. {@code nodes/0/events.pb}) or the bundle file.
 *
 * <p>Checked on purpose: a bad bundle is an expected outcome of opening a file a
 * person picked, not a programming error, so the compiler makes every caller
 * decide what to show. Misuse of the API (appending to a finished node, an
 * unknown node index) is a programming error and raises
 * {@link IllegalStateException} or {@link IllegalArgumentException} instead.
 * The cause, when there is one, is kept for logs; its text is never the whole
 * message.
 */
public final class BundleException extends Exception {

    private static final int MAX_DETAIL_CHARS = 200;

    private final String where;
    private final String problem;

    BundleException(String where, String problem) {
        this(where, problem, null);
    }

    BundleException(String where, String problem, Throwable cause) {
        super(oneLine(where, Integer.MAX_VALUE) + ": " + oneLine(problem, Integer.MAX_VALUE), cause);
        this.where = Objects.requireNonNull(where, "where");
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** The entry name or file name the problem is about. */
    public String where() {
        return where;
    }

    /** The problem, without the {@link #where()} prefix. */
    public String problem() {
        return problem;
    }

    /**
     * A foreign exception's text made safe to embed in a message: one line,
     * control characters escaped, at most 200 characters. Falls back to the
     * exception's class name when it has no text.
     */
    static String detail(Throwable t) {
        String text = t.getMessage();
        return text == null || text.isBlank() ? t.getClass().getSimpleName() : printable(text);
    }

    /** A string from the file (entry name, node name) quoted and made safe to embed in a message. */
    static String quote(String untrusted) {
        return '"' + printable(untrusted) + '"';
    }

    /** Untrusted text made safe to embed in a message: one line, escaped, at most 200 characters. */
    static String printable(String untrusted) {
        return oneLine(untrusted, MAX_DETAIL_CHARS);
    }

    // Bundle content is hostile: a name with a newline or a terminal escape must
    // not be able to forge extra lines in a log or in `bundle verify` output.
    private static String oneLine(String text, int maxChars) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + 8);
        for (int i = 0; i < text.length(); i++) {
            if (out.length() >= maxChars) {
                return out.append('…').toString();
            }
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                out.append(' ');
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
