package dev.nightjar.sensor.security.policy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What a stream's security target means: its policies' YAML (the default set when it names none), checked. */
public final class PolicySet {

    private PolicySet() {
    }

    /**
     * The documents a stream runs: {@code asked}, or the default set when empty.
     *
     * @throws PolicyException for the first policy outside the subset, naming which one (by position)
     */
    public static List<String> resolve(List<String> asked) {
        List<String> documents = asked.isEmpty() ? DefaultPolicies.yaml() : List.copyOf(asked);
        for (int i = 0; i < documents.size(); i++) {
            try {
                PolicyParser.parse(documents.get(i));
            } catch (PolicyException e) {
                throw new PolicyException("policy " + (i + 1) + " of " + documents.size() + " refused: " + e.getMessage());
            }
        }
        return documents;
    }

    /** The names of already checked policies. */
    public static Set<String> names(List<String> documents) {
        Set<String> names = new LinkedHashSet<>();
        for (String yaml : documents) {
            names.add(PolicyParser.parse(yaml).name());
        }
        return names;
    }
}
