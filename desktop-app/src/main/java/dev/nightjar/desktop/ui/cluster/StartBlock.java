package dev.nightjar.desktop.ui.cluster;

import dev.nightjar.desktop.cluster.ClusterConnection.NodeChoice;
import dev.nightjar.desktop.cluster.NodeWarning;
import java.util.List;
import java.util.stream.Collectors;

/** Why Start capture is off for a selection of nodes, in words; empty when it may be pressed. */
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
        String why = blocked.stream()
                .map(n -> n.warnings().stream().filter(w -> w.kind() == NodeWarning.Kind.BLOCKING)
                        .map(NodeWarning::message).findFirst().orElse(n.summary().name()))
                .collect(Collectors.joining(" "));
        return "Start capture is off: " + why + (picked.size() > blocked.size()
                ? " Deselect " + (blocked.size() == 1 ? "that node" : "those nodes") + " to start on the others."
                : "");
    }
}
