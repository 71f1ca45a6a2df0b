package dev.nightjar.desktop.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the sensors of a session answered when asked for new security policies, gathered until
 * each has answered, then said in one line: "Default security policies now run on the sensor."
 * or "The sensor refused security policies from bad.yaml: security target: line 26, …". Called on
 * one thread (the UI's).
 */
public final class SecurityOutcome {

    private final SecurityEvents choice;
    private final int asked;
    private final boolean namesNodes;
    /** Sensor → its refusal, or null when it took the choice; sorted by sensor. */
    private final Map<String, String> answers = new TreeMap<>();

    /**
     * @param asked      how many sensors were asked
     * @param namesNodes whether the words name each node (a session of several)
     */
    public SecurityOutcome(SecurityEvents choice, int asked, boolean namesNodes) {
        this.choice = choice;
        this.asked = asked;
        this.namesNodes = namesNodes;
    }

    public SecurityEvents choice() {
        return choice;
    }

    /**
     * One sensor answered.
     *
     * @param refusal why it refused; null when it took the choice
     * @return whether every sensor asked has now answered
     */
    public boolean answered(String sensor, String refusal) {
        answers.put(sensor, refusal);
        return answers.size() >= asked;
    }

    public boolean anyRefused() {
        return answers.values().stream().anyMatch(r -> r != null);
    }

    public boolean allRefused() {
        return !answers.isEmpty() && answers.values().stream().allMatch(r -> r != null);
    }

    /** The answers in words. */
    public String describe() {
        String what = choice.describe();
        String capitalised = Character.toUpperCase(what.charAt(0)) + what.substring(1);
        List<String> took = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        answers.forEach((sensor, refusal) -> {
            if (refusal == null) {
                took.add(sensor);
            } else {
                refused.add((namesNodes ? "node " + sensor + ": " : "") + refusal);
            }
        });
        if (refused.isEmpty()) {
            return choice.mode() == SecurityEvents.Mode.OFF
                    ? "Security events are off: the sensor" + (asked > 1 ? "s run" : " runs") + " no policy for this session."
                    : capitalised + (asked > 1 ? " now run on " + asked + " nodes." : " now run on the sensor.");
        }
        String refusedWhat = "The sensor refused " + what + " and keeps what it ran before: " + String.join("; ", refused);
        return took.isEmpty() ? refusedWhat : refusedWhat + ". Taken on " + String.join(", ", took) + ".";
    }
}
