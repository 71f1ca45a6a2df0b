package dev.nightjar.desktop.drops.policy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Kubernetes label-selector semantics: every matchLabels pair and every
 * matchExpressions requirement must hold (AND); an empty selector matches
 * everything. Operators are In, NotIn, Exists and DoesNotExist, spelled as the
 * API spells them; NotIn also holds when the key is absent. A requirement the
 * API server would reject (unknown operator, In without values) matches nothing,
 * so a malformed selector never widens what a policy allows.
 *
 * <p>Callers decide what an absent (null) selector means; it differs between
 * a policy's podSelector and a peer's.
 */
final class LabelSelectorMatcher {

    private LabelSelectorMatcher() {
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        Map<String, String> actual = labels == null ? Map.of() : labels;
        Map<String, String> matchLabels = selector.getMatchLabels();
        if (matchLabels != null) {
            for (Map.Entry<String, String> wanted : matchLabels.entrySet()) {
                if (!actual.containsKey(wanted.getKey()) || !Objects.equals(wanted.getValue(), actual.get(wanted.getKey()))) {
                    return false;
                }
            }
        }
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
        if (expressions != null) {
            for (LabelSelectorRequirement requirement : expressions) {
                if (!holds(requirement, actual)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean holds(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String key = requirement.getKey();
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        String operator = requirement.getOperator() == null ? "" : requirement.getOperator();
        return switch (operator) {
            case "In" -> !values.isEmpty() && labels.containsKey(key) && values.contains(labels.get(key));
            case "NotIn" -> !values.isEmpty() && (!labels.containsKey(key) || !values.contains(labels.get(key)));
            case "Exists" -> values.isEmpty() && labels.containsKey(key);
            case "DoesNotExist" -> values.isEmpty() && !labels.containsKey(key);
            default -> false;
        };
    }

    static boolean isEmpty(LabelSelector selector) {
        return (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
    }

    /** "app=frontend, tier in (web, api), !canary"; "{}" for the empty selector. */
    static String describe(LabelSelector selector) {
        if (isEmpty(selector)) {
            return "{}";
        }
        List<String> parts = new ArrayList<>();
        if (selector.getMatchLabels() != null) {
            selector.getMatchLabels().forEach((k, v) -> parts.add(k + "=" + v));
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                List<String> values = r.getValues() == null ? List.of() : r.getValues();
                String operator = r.getOperator() == null ? "" : r.getOperator();
                parts.add(switch (operator) {
                    case "In" -> r.getKey() + " in (" + String.join(", ", values) + ")";
                    case "NotIn" -> r.getKey() + " notin (" + String.join(", ", values) + ")";
                    case "Exists" -> r.getKey();
                    case "DoesNotExist" -> "!" + r.getKey();
                    default -> r.getKey() + " " + operator + " " + values;
                });
            }
        }
        return String.join(", ", parts);
    }
}
