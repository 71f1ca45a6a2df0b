package dev.nightjar.desktop.session;

import dev.nightjar.desktop.security.PolicyFiles;
import dev.nightjar.desktop.security.SecurityEvents;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The security policies a context's captures start with, as remembered: the choice and, for
 * policy files, their paths (read when a capture starts, so an edited file is read afresh).
 * Off by default: policies put the sensor's hooks on every task's file opens and execs of the
 * node, which a person turns on knowingly, not by opening a session.
 *
 * @param mode  off, the sensor's default policies, or policy files
 * @param files the policy files' paths; empty unless {@code mode} is policy files
 */
public record SecurityPolicySetting(SecurityEvents.Mode mode, List<String> files) {

    public static final SecurityPolicySetting OFF = new SecurityPolicySetting(SecurityEvents.Mode.OFF, List.of());

    public SecurityPolicySetting {
        Objects.requireNonNull(mode, "mode");
        files = files.stream().map(String::strip).filter(f -> !f.isEmpty()).toList();
        if (mode == SecurityEvents.Mode.POLICY_FILES && files.isEmpty()) {
            throw new IllegalArgumentException("Security events from policy files: choose the TracingPolicy YAML"
                    + " files, or choose Off or Default policies.");
        }
        if (mode != SecurityEvents.Mode.POLICY_FILES) {
            files = List.of(); // kept only where they mean something
        }
    }

    /** What a capture asks its sensors for; policy files are read and checked here. Blocking: off the UI thread. */
    public SecurityEvents read() {
        return switch (mode) {
            case OFF -> SecurityEvents.OFF;
            case DEFAULT_POLICIES -> SecurityEvents.DEFAULT_POLICIES;
            case POLICY_FILES -> PolicyFiles.read(files.stream().map(Path::of).toList());
        };
    }

    /** In words, for the manifest preview: "off", "default policies", "policy files a.yaml, b.yaml". */
    public String describe() {
        return switch (mode) {
            case OFF -> "off";
            case DEFAULT_POLICIES -> "the sensor's default policies";
            case POLICY_FILES -> "policy files " + String.join(", ", files);
        };
    }
}
