package dev.nightjar.desktop.cluster;

import java.util.List;

/**
 * What the node's conditions say about starting a pod there now.
 *
 * @param readyStatus the Ready condition's status: {@code True}, {@code False}, {@code Unknown}
 *                    (the kubelet stopped reporting), or empty when the node has no Ready condition
 * @param readyMessage the Ready condition's reason and message, for the warning
 * @param pressures the conditions that are True and mean trouble (MemoryPressure, DiskPressure,
 *                  PIDPressure, NetworkUnavailable)
 * @param cordoned {@code spec.unschedulable}
 */
public record NodeHealth(String readyStatus, String readyMessage, List<String> pressures, boolean cordoned) {

    public NodeHealth {
        readyStatus = readyStatus == null ? "" : readyStatus;
        readyMessage = readyMessage == null ? "" : readyMessage;
        pressures = List.copyOf(pressures);
    }

    /** Health known only as ready or not (nodes made up in tests and tools). */
    public static NodeHealth of(boolean ready) {
        return new NodeHealth(ready ? "True" : "False", "", List.of(), false);
    }
}
