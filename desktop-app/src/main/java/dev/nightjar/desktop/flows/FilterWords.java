package dev.nightjar.desktop.flows;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a filter expression into its words: space-separated, {@code "quoted text"} with
 * backslash escapes, each optionally negated by a leading {@code !}. The Flows filter and
 * the Requests filter (which adds layer-7 fields and passes the rest on) read the same words.
 */
public final class FilterWords {

    /**
     * One word of an expression.
     *
     * @param position where it starts in the expression (its {@code !} included)
     * @param negated  it began with {@code !}
     * @param quoted   it was {@code "quoted"}: free text, never a field
     * @param text     the word without {@code !} and quotes
     */
    public record Word(int position, boolean negated, boolean quoted, String text) {

        /** The position of the text itself, after any {@code !}. */
        public int textPosition() {
            return position + (negated ? 1 : 0);
        }

        /** {@code field=value} (unquoted, with an {@code =}), as opposed to free text. */
        public boolean isField() {
            return !quoted && text.indexOf('=') >= 0;
        }

        /** The field name as typed ({@code ""} for {@code =x}); empty for free text. */
        public String key() {
            return isField() ? text.substring(0, text.indexOf('=')) : "";
        }

        /** The part after the first {@code =}; the whole text for free text. */
        public String value() {
            return isField() ? text.substring(text.indexOf('=') + 1) : text;
        }
    }

    private final String input;
    private int pos;

    private FilterWords(String input) {
        this.input = input;
    }

    public static List<Word> split(String expression) throws FilterSyntaxException {
        List<Word> words = new ArrayList<>();
        if (expression == null) {
            return words;
        }
        FilterWords reader = new FilterWords(expression);
        reader.skipSpaces();
        while (reader.pos < expression.length()) {
            words.add(reader.word());
            reader.skipSpaces();
        }
        return words;
    }

    private Word word() throws FilterSyntaxException {
        int start = pos;
        boolean negated = false;
        if (input.charAt(pos) == '!') {
            negated = true;
            pos++;
            if (pos >= input.length() || Character.isWhitespace(input.charAt(pos))) {
                throw new FilterSyntaxException("'!' must be followed by a term, e.g. !ns=kube-system", start);
            }
        }
        if (input.charAt(pos) == '"') {
            return new Word(start, negated, true, quoted());
        }
        int textStart = pos;
        while (pos < input.length() && !Character.isWhitespace(input.charAt(pos))) {
            pos++;
        }
        return new Word(start, negated, false, input.substring(textStart, pos));
    }

    private String quoted() throws FilterSyntaxException {
        int open = pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < input.length()) {
            char c = input.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\' && pos < input.length()) {
                c = input.charAt(pos++);
            }
            sb.append(c);
        }
        throw new FilterSyntaxException("unclosed quote", open);
    }

    private void skipSpaces() {
        while (pos < input.length() && Character.isWhitespace(input.charAt(pos))) {
            pos++;
        }
    }
}
