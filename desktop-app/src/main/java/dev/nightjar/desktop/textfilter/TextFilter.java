package dev.nightjar.desktop.textfilter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The little filter language the Drops and Syscalls pages share: space-separated terms,
 * every one must hold.
 * <pre>
 *   connect                  free text: a case-insensitive substring of any of the row's texts
 *   "payment api"            quoted free text, spaces included
 *   syscall=connect,accept4  a field equal to one of the values (case-insensitive; * is a wildcard)
 *   !comm=java               negation
 * </pre>
 * Each page names its fields; an unknown field is an error that lists them, and the page
 * keeps showing what its last valid filter let through.
 *
 * @param <R> what is filtered (a drop record, a syscall span)
 */
public final class TextFilter<R> {

    /**
     * A page's fields: how to read each from a row (all values of the row, e.g. both endpoints' ports),
     * and for the fields whose values form a known set, that set: a value (or glob) matching none of
     * it is refused with the set, instead of showing an empty table.
     */
    public record Fields<R>(java.util.Map<String, Function<R, List<String>>> byName,
                            Function<R, List<String>> freeText,
                            java.util.Map<String, List<String>> knownValues) {

        public Fields(java.util.Map<String, Function<R, List<String>>> byName, Function<R, List<String>> freeText) {
            this(byName, freeText, java.util.Map.of());
        }

        public Set<String> names() {
            return new TreeSet<>(byName.keySet());
        }
    }

    private record Term(String field, List<String> values, boolean negated) {
    }

    private final String text;
    private final List<Term> terms;
    private final Fields<R> fields;

    private TextFilter(String text, List<Term> terms, Fields<R> fields) {
        this.text = text;
        this.terms = List.copyOf(terms);
        this.fields = fields;
    }

    public static <R> TextFilter<R> everything(Fields<R> fields) {
        return new TextFilter<>("", List.of(), fields);
    }

    /** @throws TextFilterException saying what is wrong and where, e.g. an unknown field with the known ones */
    public static <R> TextFilter<R> parse(String text, Fields<R> fields) throws TextFilterException {
        String input = text == null ? "" : text;
        List<Term> terms = new ArrayList<>();
        int pos = 0;
        while (true) {
            while (pos < input.length() && Character.isWhitespace(input.charAt(pos))) {
                pos++;
            }
            if (pos >= input.length()) {
                break;
            }
            int start = pos;
            boolean negated = input.charAt(pos) == '!';
            if (negated) {
                pos++;
                if (pos >= input.length() || Character.isWhitespace(input.charAt(pos))) {
                    throw new TextFilterException("'!' must be followed by a term, e.g. !comm=java", start);
                }
            }
            if (input.charAt(pos) == '"') {
                int close = input.indexOf('"', pos + 1);
                if (close < 0) {
                    throw new TextFilterException("unclosed quote", pos);
                }
                terms.add(new Term(null, List.of(input.substring(pos + 1, close).toLowerCase(Locale.ROOT)), negated));
                pos = close + 1;
                continue;
            }
            int end = pos;
            while (end < input.length() && !Character.isWhitespace(input.charAt(end))) {
                end++;
            }
            String word = input.substring(pos, end);
            int eq = word.indexOf('=');
            if (eq < 0) {
                terms.add(new Term(null, List.of(word.toLowerCase(Locale.ROOT)), negated));
            } else {
                String field = word.substring(0, eq).toLowerCase(Locale.ROOT);
                if (!fields.byName().containsKey(field)) {
                    throw new TextFilterException("unknown field '" + field + "'; use one of: "
                            + String.join(", ", fields.names()), pos);
                }
                String values = word.substring(eq + 1);
                if (values.isEmpty() || values.startsWith(",") || values.endsWith(",") || values.contains(",,")) {
                    throw new TextFilterException("'" + field + "=' needs a value, e.g. " + field + "=x or "
                            + field + "=x,y", pos + eq + 1);
                }
                List<String> typed = List.of(values.toLowerCase(Locale.ROOT).split(","));
                checkKnown(field, typed, fields, pos + eq + 1);
                terms.add(new Term(field, typed, negated));
            }
            pos = end;
        }
        return new TextFilter<>(input.strip(), terms, fields);
    }

    /** Each typed value must match one of the field's known values, when it has a known set. */
    private static void checkKnown(String field, List<String> typed, Fields<?> fields, int position)
            throws TextFilterException {
        List<String> known = fields.knownValues().get(field);
        if (known == null) {
            return;
        }
        for (String value : typed) {
            if (known.stream().noneMatch(k -> matches(value, k.toLowerCase(Locale.ROOT)))) {
                throw new TextFilterException("unknown " + field + " '" + value + "'; use one of: "
                        + (known.isEmpty() ? "(none recorded yet)" : String.join(", ", known)), position);
            }
            position += value.length() + 1;
        }
    }

    public boolean test(R row) {
        for (Term term : terms) {
            if (holds(term, row) == term.negated()) {
                return false;
            }
        }
        return true;
    }

    private boolean holds(Term term, R row) {
        if (term.field() == null) {
            String needle = term.values().getFirst();
            for (String candidate : fields.freeText().apply(row)) {
                if (candidate != null && candidate.toLowerCase(Locale.ROOT).contains(needle)) {
                    return true;
                }
            }
            return false;
        }
        for (String candidate : fields.byName().get(term.field()).apply(row)) {
            if (candidate == null) {
                continue;
            }
            String lower = candidate.toLowerCase(Locale.ROOT);
            for (String value : term.values()) {
                if (matches(value, lower)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Equal, or with {@code *} standing for any run of characters. */
    static boolean matches(String pattern, String text) {
        if (pattern.indexOf('*') < 0) {
            return pattern.equals(text);
        }
        String[] parts = pattern.split("\\*", -1);
        int at = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == 0) {
                if (!text.startsWith(part)) {
                    return false;
                }
                at = part.length();
            } else if (i == parts.length - 1) {
                return text.length() - part.length() >= at && text.endsWith(part);
            } else {
                int found = text.indexOf(part, at);
                if (found < 0) {
                    return false;
                }
                at = found + part.length();
            }
        }
        return true;
    }

    public boolean isEverything() {
        return terms.isEmpty();
    }

    /** The text it was read from (stripped). */
    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TextFilter<?> other && other.text.equals(text) && other.fields == fields;
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
