package dev.nightjar.desktop.security;

import dev.nightjar.protocol.v1.SecurityTarget;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A session's choice of runtime security policies: none, the sensor's default set, or policy
 * documents the user chose (read and checked by {@link PolicyFiles}). Off unless chosen: while
 * any policy runs, the sensor's hooks sit on every task's file opens and execs on the node, so
 * turning them on is a visible choice, never a side effect of opening a session.
 *
 * @param mode  which of the three
 * @param files the chosen documents, in order; empty unless {@code mode} is {@link Mode#POLICY_FILES}
 */
public record SecurityEvents(Mode mode, List<PolicyFile> files) {

    public enum Mode { OFF, DEFAULT_POLICIES, POLICY_FILES }

    /** No security events: the sensor's hooks stay detached for this session. */
    public static final SecurityEvents OFF = new SecurityEvents(Mode.OFF, List.of());
    /** The sensor's default policies (docs/SECURITY-EVENTS.md lists them). */
    public static final SecurityEvents DEFAULT_POLICIES = new SecurityEvents(Mode.DEFAULT_POLICIES, List.of());

    public SecurityEvents {
        Objects.requireNonNull(mode, "mode");
        files = List.copyOf(files);
        if ((mode == Mode.POLICY_FILES) == files.isEmpty()) {
            throw new IllegalArgumentException(mode == Mode.POLICY_FILES ? "choose at least one policy file"
                    : "policy files go with the policy-files choice only");
        }
    }

    /** The documents the user chose, each run as its own policy. */
    public static SecurityEvents of(List<PolicyFile> files) {
        return new SecurityEvents(Mode.POLICY_FILES, files);
    }

    /**
     * What the subscription carries: nothing when off; an empty target (the sensor's default set);
     * or one YAML document per chosen file.
     */
    public Optional<SecurityTarget> target() {
        return switch (mode) {
            case OFF -> Optional.empty();
            case DEFAULT_POLICIES -> Optional.of(SecurityTarget.getDefaultInstance());
            case POLICY_FILES -> Optional.of(SecurityTarget.newBuilder()
                    .addAllPoliciesYaml(files.stream().map(PolicyFile::yaml).toList()).build());
        };
    }

    /** The chosen files' names, comma separated ("" unless policy files were chosen). */
    public String fileNames() {
        return String.join(", ", files.stream().map(PolicyFile::name).toList());
    }

    /** In words: "security events off", "default security policies", "security policies from a.yaml, b.yaml". */
    public String describe() {
        return switch (mode) {
            case OFF -> "security events off";
            case DEFAULT_POLICIES -> "default security policies";
            case POLICY_FILES -> "security policies from " + fileNames();
        };
    }
}
