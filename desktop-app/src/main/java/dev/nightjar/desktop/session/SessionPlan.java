package dev.nightjar.desktop.session;

import java.util.LinkedHashSet;
import java.util.List;

/** What a session deploys: its id, the chosen nodes, the privilege mode, the settings. */
public record SessionPlan(SessionId id, List<String> nodes, PrivilegeMode mode, SensorSettings settings) {

    public SessionPlan {
        if (nodes == null || nodes.isEmpty()) {
            throw new IllegalArgumentException("Choose at least one node.");
        }
        nodes = List.copyOf(new LinkedHashSet<>(nodes)); // one pod per node, in the user's order
    }

    /** A new session with the default settings, as the node table starts (and previews) one. */
    public static SessionPlan fresh(List<String> nodes, boolean leastPrivilege) {
        return new SessionPlan(SessionId.random(), nodes,
                leastPrivilege ? PrivilegeMode.LEAST_PRIVILEGE : PrivilegeMode.PRIVILEGED, SensorSettings.defaults());
    }
}
