package dev.nightjar.sensor.security.policy;

import java.util.List;

/** A parsed TracingPolicy: its name, its rules, and the YAML it came from. */
public record SecurityPolicy(String name, List<PolicyRule> rules, String yaml) {
    public SecurityPolicy {
        rules = List.copyOf(rules);
    }
}
