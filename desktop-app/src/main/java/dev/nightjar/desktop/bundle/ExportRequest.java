package dev.nightjar.desktop.bundle;

import dev.nightjar.desktop.capture.TimeWindow;
import java.util.Objects;
import java.util.Set;

/**
 * What to put in an exported bundle.
 *
 * @param window    the events whose timestamp falls in this window ({@link TimeWindow#ALL}: all of them)
 * @param nodes     the nodes to export; empty means every node in the store
 * @param redaction what to take out
 */
public record ExportRequest(TimeWindow window, Set<String> nodes, Redaction redaction) {

    public ExportRequest {
        Objects.requireNonNull(window, "window");
        nodes = Set.copyOf(nodes);
        Objects.requireNonNull(redaction, "redaction");
    }

    /** Every event of every node, nothing redacted. */
    public static ExportRequest everything() {
        return new ExportRequest(TimeWindow.ALL, Set.of(), Redaction.NONE);
    }

    public boolean includes(String node) {
        return nodes.isEmpty() || nodes.contains(node);
    }
}
