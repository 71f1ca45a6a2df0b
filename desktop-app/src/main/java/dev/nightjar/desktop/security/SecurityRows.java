package dev.nightjar.desktop.security;

import dev.nightjar.desktop.naming.PodOfContainer;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.List;

/** Security events into table rows, one per event, the pod named from the event's container. */
public final class SecurityRows {

    /** Container ids are shown as Docker and crictl shorten them. */
    static final int SHORT_ID = 12;

    private SecurityRows() {
    }

    /** @param events security events of one or more nodes; others are skipped */
    public static List<SecurityRow> of(List<SensorEvent> events, PodOfContainer pods) {
        List<SecurityRow> rows = new ArrayList<>(events.size());
        for (SensorEvent e : events) {
            if (e.hasSecurity()) {
                rows.add(new SecurityRow(e.getNode(), e.getSequence(), pod(e.getSecurity().getContainerId(), pods),
                        e.getSecurity()));
            }
        }
        return rows;
    }

    static String pod(String containerId, PodOfContainer pods) {
        if (containerId.isEmpty()) {
            return "host";
        }
        return pods.podOf(containerId)
                .orElse("container " + containerId.substring(0, Math.min(SHORT_ID, containerId.length())));
    }
}
