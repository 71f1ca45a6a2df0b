package dev.nightjar.desktop.ui.cluster;

import dev.nightjar.desktop.cluster.ClusterConnection.NodeChoice;
import dev.nightjar.desktop.cluster.NodeWarning;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Why Start capture is off for a selection of nodes, in one line: the headline of each picked
 * node's first BLOCKING warning; empty when it may be pressed.
 */
final class StartBlock {

    private StartBlock() {
    }

    static String reason(List<NodeChoice> picked) {
        if (picked.isEmpty()) {
            return "Select the nodes to capture on.";
        }
        List<NodeChoice> blocked = picked.stream().filter(NodeChoice::blocked).toList();
        if (blocked.isEmpty()) {
            return "";
        }
        // Headlines only ("Node w-3 runs Windows"): the whole story is in the details below the table.
        String why = blocked.stream()
                .map(n -> n.warnings().stream().filter(w -> w.kind() == NodeWarning.Kind.BLOCKING)
                        .map(NodeWarning::headline).findFirst().orElse(n.summary().name()))
                .collect(Collectors.joining("; "));
        return "Start capture is off: " + why + "." + (picked.size() > blocked.size()
                ? " Deselect " + (blocked.size() == 1 ? "that node" : "those nodes") + " to start on the others."
                : "");
    }
}
