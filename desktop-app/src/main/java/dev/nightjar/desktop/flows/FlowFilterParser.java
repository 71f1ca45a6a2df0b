package dev.nightjar.desktop.flows;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads the flow filter language described on {@link FlowFilter}. */
final class FlowFilterParser {

    private FlowFilterParser() {
    }

    static FlowFilter parse(String expression) throws FilterSyntaxException {
        if (expression == null || expression.isBlank()) {
            return FlowFilter.everything();
        }
        return parse(FilterWords.split(expression));
    }

    static FlowFilter parse(List<FilterWords.Word> words) throws FilterSyntaxException {
        List<FilterTerm> terms = new ArrayList<>();
        for (FilterWords.Word word : words) {
            terms.add(term(word));
        }
        return new FlowFilter(terms);
    }

    private static FilterTerm term(FilterWords.Word word) throws FilterSyntaxException {
        if (!word.isField()) {
            return new FilterTerm.TextTerm(word.negated(), word.value());
        }
        return fieldTerm(word.negated(), word.key(), word.value(), word.textPosition());
    }

    private static FilterTerm fieldTerm(boolean negated, String key, String valueText, int keyPos)
            throws FilterSyntaxException {
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
}
