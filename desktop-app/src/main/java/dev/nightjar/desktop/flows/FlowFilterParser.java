package dev.nightjar.desktop.flows;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads the flow filter language described on {@link FlowFilter}. */
final class FlowFilterParser {

    private final String input;
    private int pos;

    private FlowFilterParser(String input) {
        this.input = input;
    }

    static FlowFilter parse(String expression) throws FilterSyntaxException {
        if (expression == null || expression.isBlank()) {
            return FlowFilter.everything();
        }
        return new FlowFilterParser(expression).terms();
    }

    private FlowFilter terms() throws FilterSyntaxException {
        List<FilterTerm> terms = new ArrayList<>();
        skipSpaces();
        while (pos < input.length()) {
            terms.add(term());
            skipSpaces();
        }
        return new FlowFilter(terms);
    }

    private FilterTerm term() throws FilterSyntaxException {
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
            return new FilterTerm.TextTerm(negated, quoted());
        }
        String word = word();
        int eq = word.indexOf('=');
        if (eq < 0) {
            return new FilterTerm.TextTerm(negated, word);
        }
        return fieldTerm(negated, word.substring(0, eq), word.substring(eq + 1), start + (negated ? 1 : 0));
    }

    private FilterTerm fieldTerm(boolean negated, String key, String valueText, int keyPos) throws FilterSyntaxException {
        FilterTerm.Side side = FilterTerm.Side.EITHER;
        String name = key.toLowerCase(Locale.ROOT);
        if (name.startsWith("from-")) {
            side = FilterTerm.Side.FROM;
            name = name.substring(5);
        } else if (name.startsWith("to-")) {
            side = FilterTerm.Side.TO;
            name = name.substring(3);
        }
        String fieldName = name;
        FlowField field = FlowField.byName(fieldName).orElseThrow(() -> new FilterSyntaxException(
                "unknown field '" + fieldName + "'; use one of: " + FlowField.allNames(), keyPos));
        if (side != FilterTerm.Side.EITHER && !field.perSide()) {
            throw new FilterSyntaxException("'" + field.canonicalName() + "' describes the whole flow;"
                    + " from-/to- only go with ns, pod, workload, svc, ip and port", keyPos);
        }
        int valuePos = keyPos + key.length() + 1;
        if (valueText.isEmpty()) {
            throw new FilterSyntaxException("'" + key + "=' needs a value", valuePos);
        }
        List<ValueMatcher> values = new ArrayList<>();
        for (String v : valueText.split(",", -1)) {
            if (v.isEmpty()) {
                throw new FilterSyntaxException("empty value in '" + valueText + "'", valuePos);
            }
            values.add(ValueMatcher.forField(field, v, valuePos));
            valuePos += v.length() + 1;
        }
        return new FilterTerm.FieldTerm(negated, side, field, values);
    }

    private String word() {
        int start = pos;
        while (pos < input.length() && !Character.isWhitespace(input.charAt(pos))) {
            pos++;
        }
        return input.substring(start, pos);
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
