package dev.nightjar.sensor.security.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reading SnakeYAML's node tree with refusals that name the line and the field's path. */
final class YamlNodes {

    private YamlNodes() {
    }

    static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    static PolicyException refuse(Node node, String path, String what) {
        return new PolicyException("line " + line(node) + ", " + path + ": " + what);
    }

    /** The mapping's entries by key; a key outside {@code allowed} is refused, naming the fields this subset knows. */
    static Map<String, Node> mapping(Node node, String path, Set<String> allowed) {
        if (!(node instanceof MappingNode mapping)) {
            throw refuse(node, path, "expected a mapping (key: value lines)");
        }
        Map<String, Node> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalar(tuple.getKeyNode(), path);
            String field = path.isEmpty() ? key : path + "." + key;
            if (!allowed.contains(key)) {
                throw refuse(tuple.getKeyNode(), field, "field '" + key + "' is not in the subset this sensor runs"
                        + " (known here: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
            if (entries.put(key, tuple.getValueNode()) != null) {
                throw refuse(tuple.getKeyNode(), field, "field '" + key + "' is given twice");
            }
        }
        return entries;
    }

    static List<Node> sequence(Node node, String path) {
        if (!(node instanceof SequenceNode sequence)) {
            throw refuse(node, path, "expected a list (lines starting with '-')");
        }
        return new ArrayList<>(sequence.getValue());
    }

    static String scalar(Node node, String path) {
        if (!(node instanceof ScalarNode scalar)) {
            throw refuse(node, path, "expected a single value");
        }
        return scalar.getValue();
    }

    static List<String> scalars(Node node, String path) {
        List<String> values = new ArrayList<>();
        List<Node> items = sequence(node, path);
        for (int i = 0; i < items.size(); i++) {
            values.add(scalar(items.get(i), path + "[" + i + "]"));
        }
        return values;
    }

    static boolean bool(Node node, String path) {
        String value = scalar(node, path);
        return switch (value) {
            case "true", "True", "TRUE" -> true;
            case "false", "False", "FALSE" -> false;
            default -> throw refuse(node, path, "'" + value + "' is not true or false");
        };
    }

    static int integer(Node node, String path) {
        String value = scalar(node, path);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw refuse(node, path, "'" + value + "' is not a whole number");
        }
    }
}
