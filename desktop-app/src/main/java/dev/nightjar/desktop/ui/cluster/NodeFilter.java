package dev.nightjar.desktop.ui.cluster;

import dev.nightjar.desktop.cluster.NodeSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The node table's filter text: terms separated by spaces or commas, all of which must
 * match. {@code key=value} matches a label exactly ({@code kubernetes.io/arch=arm64});
 * {@code role=worker} also matches the role a {@code node-role.kubernetes.io/worker}
 * label gives; {@code key=} matches a label that is present with any value. Any other
 * term is plain text, matched case-insensitively against the name (and, as before, the
 * roles, architecture and kernel version).
 */
public final class NodeFilter implements Predicate<NodeSummary> {

    private static final NodeFilter ALL = new NodeFilter(List.of());

    private final List<Predicate<NodeSummary>> terms;

    private NodeFilter(List<Predicate<NodeSummary>> terms) {
        this.terms = List.copyOf(terms);
    }

    public static NodeFilter parse(String text) {
        if (text == null || text.isBlank()) {
            return ALL;
        }
        List<Predicate<NodeSummary>> terms = new ArrayList<>();
        for (String term : text.strip().split("[\\s,]+")) {
            if (!term.isEmpty()) {
                terms.add(term(term));
            }
        }
        return new NodeFilter(terms);
    }

    private static Predicate<NodeSummary> term(String term) {
        int eq = term.indexOf('=');
        if (eq > 0) {
            String key = term.substring(0, eq);
            String value = term.substring(eq + 1);
            if (value.isEmpty()) {
                return node -> node.labels().containsKey(key);
            }
            Predicate<NodeSummary> label = node -> value.equals(node.labels().get(key));
            if (key.equals("role")) {
                return label.or(node -> node.roles().contains(value));
            }
            return label;
        }
        String text = term.toLowerCase(Locale.ROOT);
        return node -> contains(node.name(), text)
                || node.roles().stream().anyMatch(r -> contains(r, text))
                || contains(node.architecture(), text)
                || contains(node.kernelVersion(), text);
    }

    private static boolean contains(String s, String lowerText) {
        return s.toLowerCase(Locale.ROOT).contains(lowerText);
    }

    @Override
    public boolean test(NodeSummary node) {
        return terms.stream().allMatch(t -> t.test(node));
    }
}
