package dev.nightjar.desktop.ui.targets;

import dev.nightjar.desktop.targets.TaskChoice;
import dev.nightjar.desktop.targets.TraceCandidates.Candidate;
import dev.nightjar.desktop.targets.TargetsByNode;
import dev.nightjar.desktop.ui.page.TraceActions;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Syscalls page's target picker without its controls: the pods and processes seen on the
 * captured nodes (listed off the UI thread when the picker opens), narrowed by a search, and what
 * choosing one does. UI thread.
 */
public final class TargetPickerModel {

    /** How many matches the list shows; the search narrows a node's hundreds of processes. */
    static final int SHOWN = 500;

    /** Said beside "whole node": tracing every syscall of a node is never free. */
    public static final String WHOLE_NODE_COST = "Times every syscall of every process on the node: on a busy node"
            + " this costs the sensor CPU (several percent of a core) and fills the window within seconds.";

    private final TraceActions actions;
    private final ReadOnlyObjectProperty<TargetsByNode> targets;
    private final ReadOnlyBooleanProperty available;
    private final BooleanProperty open = new SimpleBooleanProperty(false);
    private final StringProperty query = new SimpleStringProperty("");
    private final ObservableList<Candidate> shown = FXCollections.observableArrayList();
    private final ObjectProperty<Candidate> selected = new SimpleObjectProperty<>();
    private final ObservableList<String> nodes = FXCollections.observableArrayList();
    private final StringProperty wholeNodeOn = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty("");
    private List<Candidate> all = List.of();

    /**
     * @param targets   what is traced now
     * @param available whether a choice can be made now (a live session not stopped)
     */
    public TargetPickerModel(TraceActions actions, ReadOnlyObjectProperty<TargetsByNode> targets,
                             ReadOnlyBooleanProperty available) {
        this.actions = actions;
        this.targets = targets;
        this.available = available;
        query.addListener((obs, old, now) -> narrow());
        available.addListener((obs, was, now) -> {
            if (!now) {
                open.set(false);
            }
        });
    }

    /** Opens the list, with the pods and processes seen so far (listed again each time). */
    public void open() {
        if (!available.get()) {
            return;
        }
        open.set(true);
        nodes.setAll(actions.nodes());
        if (!nodes.contains(wholeNodeOn.get())) {
            wholeNodeOn.set(nodes.isEmpty() ? "" : nodes.getFirst());
        }
        status.set("Listing the pods and processes seen on the captured nodes…");
        actions.candidates(found -> {
            all = found;
            narrow();
        });
    }

    /**
     * Lists again while open and nothing is selected yet, so a process that starts (or whose
     * record arrives) after the picker opened shows up without closing it; a selection is left
     * alone, so the list does not move under the user's pointer.
     */
    public void relist() {
        if (!open.get() || selected.get() != null) {
            return;
        }
        actions.candidates(found -> {
            if (open.get() && selected.get() == null) {
                all = found;
                narrow();
            }
        });
    }

    public void close() {
        open.set(false);
    }

    private void narrow() {
        String q = query.get() == null ? "" : query.get().trim();
        List<Candidate> matches = all.stream().filter(c -> c.matches(q)).limit(SHOWN + 1L).toList();
        shown.setAll(matches.subList(0, Math.min(SHOWN, matches.size())));
        if (all.isEmpty()) {
            status.set("No process seen yet on the captured nodes: wait for the sensor's process list, or trace the"
                    + " whole node.");
        } else if (matches.isEmpty()) {
            status.set("Nothing matches \"" + q + "\".");
        } else if (matches.size() > SHOWN) {
            status.set("The first " + SHOWN + " matches: type more to narrow them.");
        } else {
            status.set(matches.size() + (matches.size() == 1 ? " match" : " matches"));
        }
    }

    /** Syscalls of the selected pod or process from now on. */
    public void traceSelected() {
        Candidate c = selected.get();
        if (c != null) {
            actions.traceSyscalls(c.choice());
            open.set(false);
        }
    }

    /** CPU samples of the selected pod or process only. */
    public void profileSelected() {
        Candidate c = selected.get();
        if (c != null) {
            actions.profileOnly(c.choice());
            open.set(false);
        }
    }

    /** Syscalls of every process on the node {@link #wholeNodeOnProperty()} names (see {@link #WHOLE_NODE_COST}). */
    public void traceWholeNode() {
        actions.traceSyscalls(TaskChoice.wholeNode(wholeNodeOn.get()));
        open.set(false);
    }

    /** CPU samples of the whole node again, on every node whose profile was narrowed. */
    public void profileWholeNode() {
        targets.get().narrowedProfiles().forEach(node -> actions.profileOnly(TaskChoice.wholeNode(node)));
        open.set(false);
    }

    /** The nodes seen in the capture, listed when the picker opens. */
    public ObservableList<String> nodes() {
        return nodes;
    }

    /** The node "whole node" applies to: the first seen until the user picks another. */
    public StringProperty wholeNodeOnProperty() {
        return wholeNodeOn;
    }

    public BooleanProperty openProperty() {
        return open;
    }

    public StringProperty queryProperty() {
        return query;
    }

    public ObservableList<Candidate> shown() {
        return shown;
    }

    public ObjectProperty<Candidate> selectedProperty() {
        return selected;
    }

    /** How many matched, or why nothing is listed. */
    public StringProperty statusProperty() {
        return status;
    }

    public ReadOnlyObjectProperty<TargetsByNode> targetsProperty() {
        return targets;
    }

    public ReadOnlyBooleanProperty availableProperty() {
        return available;
    }
}
