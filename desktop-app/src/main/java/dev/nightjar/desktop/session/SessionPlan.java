package dev.nightjar.desktop.session;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * What a session deploys: its id, the chosen nodes, the privilege mode, the settings, and
 * the kubeconfig context it runs in (for the {@code kubectl} commands a person may need to
 * finish a teardown by hand; empty when not known).
 */
public record SessionPlan(SessionId id, List<String> nodes, PrivilegeMode mode, SensorSettings settings,
                          String kubeContext) {

    public SessionPlan {
        if (nodes == null || nodes.isEmpty()) {
            throw new IllegalArgumentException("Choose at least one node.");
        }
        nodes = List.copyOf(new LinkedHashSet<>(nodes)); // one pod per node, in the user's order
        kubeContext = kubeContext == null ? "" : kubeContext;
    }

    public SessionPlan(SessionId id, List<String> nodes, PrivilegeMode mode, SensorSettings settings) {
        this(id, nodes, mode, settings, "");
    }

    /** A new session with the default settings, as the node table starts (and previews) one. */
    public static SessionPlan fresh(List<String> nodes, boolean leastPrivilege) {
        return new SessionPlan(SessionId.random(), nodes,
                leastPrivilege ? PrivilegeMode.LEAST_PRIVILEGE : PrivilegeMode.PRIVILEGED, SensorSettings.defaults());
    }

    /** A new session with a context's remembered settings. */
    public static SessionPlan fresh(List<String> nodes, SessionSettings settings, String kubeContext) {
        return new SessionPlan(SessionId.random(), nodes, settings.privilege(), settings.sensor(), kubeContext);
    }

    /** Where the session's objects live. */
    public String namespace() {
        return settings.namespace();
    }
}
