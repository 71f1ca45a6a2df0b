package dev.nightjar.sensor.security.policy;

/**
 * matchArgs operators of the subset; Prefix and Equal on a file's path also run in the kernel.
 * DAddr and NotDAddr take addresses and CIDRs, for connects' destinations.
 */
public enum ArgOperator {
    PREFIX("Prefix"), POSTFIX("Postfix"), EQUAL("Equal"), NOT_EQUAL("NotEqual"), DADDR("DAddr"), NOT_DADDR("NotDAddr");

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
            case DADDR -> Cidr.anyContains(values, actual);
            case NOT_DADDR -> !Cidr.anyContains(values, actual);
        };
    }

    /** Whether the operator compares addresses (a connect's destination) rather than strings. */
    public boolean onAddresses() {
        return this == DADDR || this == NOT_DADDR;
    }
}
