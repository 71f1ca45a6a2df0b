package dev.nightjar.desktop.profile;

import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.protocol.v1.StackSamples;
import java.util.Objects;

/**
 * Which samples a flame graph counts. A {@code null} node, container or process
 * means "any"; an empty container id means processes outside any container.
 */
public record FlameScope(String node, String containerId, ProcessKey process, TimeWindow window) {

    public static final FlameScope ALL = new FlameScope(null, null, null, TimeWindow.ALL);

    public FlameScope {
        Objects.requireNonNull(window, "window");
    }

    public FlameScope withNode(String value) {
        return new FlameScope(value, containerId, process, window);
    }

    public FlameScope withContainerId(String value) {
        return new FlameScope(node, value, process, window);
    }

    public FlameScope withProcess(ProcessKey value) {
        return new FlameScope(node, containerId, value, window);
    }

    public FlameScope withWindow(TimeWindow value) {
        return new FlameScope(node, containerId, process, value);
    }

    /** Whether one sample message (from {@code node}, stamped {@code timestampNs}) is in scope. */
    public boolean includes(String fromNode, long timestampNs, StackSamples samples) {
        return (node == null || node.equals(fromNode))
                && (containerId == null || containerId.equals(samples.getContainerId()))
                && (process == null || (process.pid() == samples.getPid() && process.comm().equals(samples.getComm())))
                && window.contains(timestampNs);
    }
}
