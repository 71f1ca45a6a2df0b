package dev.nightjar.desktop.ui.cluster;

import dev.nightjar.desktop.session.LaunchBoard;
import dev.nightjar.desktop.session.NodeLaunch;
import dev.nightjar.desktop.ui.util.BackgroundTasks;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The launch table: one row per node of a capture, from its pod's creation to its stream,
 * with why it is where it is, and a Redeploy for a node whose sensor ended. Rows follow the
 * {@link LaunchBoard} (changes arrive on informer and stream threads and are handed to the UI
 * thread); a redeploy runs on the background workers.
 */
public final class LaunchTableModel {

    /** Gives a node a new sensor pod; blocking, called off the UI thread. */
    @FunctionalInterface
    public interface Redeployer {
        void redeploy(String node) throws Exception;
    }

    private final ObservableList<NodeLaunch> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final LaunchBoard board;
    private final BackgroundTasks tasks;
    private volatile Redeployer redeployer;

    public LaunchTableModel(LaunchBoard board, Executor uiThread, BackgroundTasks tasks) {
        this.board = board;
        this.tasks = tasks;
        rows.setAll(board.rows());
        summary.set(board.summary());
        board.addListener(changed -> uiThread.execute(() -> {
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).node().equals(changed.node())) {
                    rows.set(i, board.row(changed.node()));
                }
            }
            summary.set(board.summary());
        }));
    }

    /** Once the capture runs, redeploys go to it. */
    public void redeployWith(Redeployer r) {
        this.redeployer = r;
    }

    /** Redeploys a node's sensor in the background; what goes wrong shows in {@link #problemProperty()}. UI thread. */
    public void redeploy(String node) {
        Redeployer r = redeployer;
        if (r == null) {
            problem.set("The capture is still starting; redeploy once it runs.");
            return;
        }
        problem.set("");
        tasks.run(() -> {
            r.redeploy(node);
            return node;
        }, done -> { }, failure -> problem.set("Redeploying " + node + " failed: " + failure.getMessage()));
    }

    public ObservableList<NodeLaunch> rows() {
        return rows;
    }

    /** "3 of 5 streaming · 1 pulling image · 1 sensor gone". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public LaunchBoard board() {
        return board;
    }
}
