package dev.nightjar.sensor.security.policy;

/** matchArgs operators of the subset; Prefix and Equal on a file's path also run in the kernel. */
public enum ArgOperator {
    PREFIX("Prefix"), POSTFIX("Postfix"), EQUAL("Equal"), NOT_EQUAL("NotEqual");

    final String yamlName;

    ArgOperator(String yamlName) {
        this.yamlName = yamlName;
    }

    boolean test(String actual, java.util.List<String> values) {
        return switch (this) {
            case PREFIX -> values.stream().anyMatch(actual::startsWith);
            case POSTFIX -> values.stream().anyMatch(actual::endsWith);
            case EQUAL -> values.contains(actual);
            case NOT_EQUAL -> !values.contains(actual);
        };
    }
}
