package dev.nightjar.desktop.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A small JSON Schema (draft-06) checker for the keywords speedscope's schema uses:
 * {@code $ref} (local), {@code type}, {@code properties}, {@code required}, {@code items},
 * {@code enum}, {@code anyOf}. Any other keyword in the schema fails the check, so the
 * checker cannot silently skip a rule it does not know.
 */
final class JsonSchemaCheck {

    private static final List<String> KNOWN = List.of("$schema", "$ref", "definitions", "title", "type",
            "properties", "required", "items", "enum", "anyOf");

    private final JsonNode root;

    JsonSchemaCheck(JsonNode root) {
        this.root = root;
    }

    /** Problems found, each with its JSON path; empty when the document is valid. */
    List<String> validate(JsonNode document) {
        List<String> problems = new ArrayList<>();
        check(root, document, "$", problems);
        return problems;
    }

    private void check(JsonNode schema, JsonNode value, String path, List<String> problems) {
        for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
            String keyword = it.next();
            if (!KNOWN.contains(keyword)) {
                throw new IllegalStateException("schema keyword " + keyword + " is not supported by this checker");
            }
        }
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            String prefix = "#/definitions/";
            if (!ref.startsWith(prefix)) {
                throw new IllegalStateException("only local refs are supported: " + ref);
            }
            check(root.get("definitions").get(ref.substring(prefix.length())), value, path, problems);
        }
        if (schema.has("anyOf")) {
            boolean any = false;
            for (JsonNode option : schema.get("anyOf")) {
                List<String> sub = new ArrayList<>();
                check(option, value, path, sub);
                any |= sub.isEmpty();
            }
            if (!any) {
                problems.add(path + ": matches none of anyOf");
            }
        }
        if (schema.has("type") && !hasType(value, schema.get("type").asText())) {
            problems.add(path + ": expected " + schema.get("type").asText() + ", found " + value.getNodeType());
            return;
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode allowed : schema.get("enum")) {
                found |= allowed.equals(value);
            }
            if (!found) {
                problems.add(path + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (schema.has("required")) {
            for (JsonNode name : schema.get("required")) {
                if (!value.has(name.asText())) {
                    problems.add(path + ": required field " + name.asText() + " is missing");
                }
            }
        }
        if (schema.has("properties") && value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = schema.get("properties").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> property = it.next();
                if (value.has(property.getKey())) {
                    check(property.getValue(), value.get(property.getKey()), path + "." + property.getKey(), problems);
                }
            }
        }
        if (schema.has("items") && value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "number" -> value.isNumber();
            default -> throw new IllegalStateException("type " + type + " is not supported by this checker");
        };
    }
}
