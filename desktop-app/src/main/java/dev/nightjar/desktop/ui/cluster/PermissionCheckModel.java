package dev.nightjar.desktop.ui.cluster;

import dev.nightjar.desktop.cluster.ClusterConnection;
import dev.nightjar.desktop.session.PermissionCheck;
import dev.nightjar.desktop.session.PermissionResult;
import dev.nightjar.desktop.session.SessionSettings;
import dev.nightjar.desktop.ui.util.BackgroundTask;
import dev.nightjar.desktop.ui.util.BackgroundTasks;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The pre-flight permission check as a table: one row per permission the capture needs, the
 * API server's answer, and, when something is denied, the Role to ask the platform team for.
 * The reviews run on the background workers.
 */
public final class PermissionCheckModel {

    private final BackgroundTasks tasks;
    private final ObservableList<PermissionResult> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper askFor = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper blocking = new ReadOnlyBooleanWrapper(false);
    private BackgroundTask pending;

    public PermissionCheckModel(BackgroundTasks tasks) {
        this.tasks = tasks;
    }

    /**
     * Asks the API server about every permission a capture with {@code settings} needs.
     *
     * @param then told the results on the UI thread once they are in
     */
    public void run(ClusterConnection connection, SessionSettings settings, Consumer<List<PermissionResult>> then) {
        if (pending != null) {
            pending.cancel();
        }
        running.set(true);
        summary.set("Asking the API server what you may do in " + namespace(settings) + "…");
        pending = tasks.run(() -> PermissionCheck.forCapture(connection, settings), results -> {
            running.set(false);
            show(results, settings);
            then.accept(results);
        }, failure -> {
            running.set(false);
            summary.set("The permission check failed: " + failure.getMessage());
        });
    }

    void show(List<PermissionResult> results, SessionSettings settings) {
        rows.setAll(results);
        long denied = results.stream().filter(r -> r.verdict() == PermissionResult.Verdict.DENIED).count();
        long unknown = results.stream().filter(r -> r.verdict() == PermissionResult.Verdict.UNKNOWN).count();
        blocking.set(PermissionCheck.blocking(results));
        summary.set(denied == 0 && unknown == 0 ? "Every permission the capture needs is granted."
                : denied + " denied, " + unknown + " unknown of " + results.size() + " permissions in "
                        + namespace(settings) + (blocking.get() ? ". The capture cannot start without the denied"
                        + " ones marked essential." : "; the capture works without them (see why)."));
        askFor.set(PermissionCheck.askFor(results, settings.mode() == dev.nightjar.desktop.session.LaunchMode.ATTACH
                ? "nightjar-attach" : "nightjar-desktop"));
    }

    private static String namespace(SessionSettings s) {
        return s.mode() == dev.nightjar.desktop.session.LaunchMode.ATTACH ? s.attach().namespace()
                : s.sensor().namespace();
    }

    public ObservableList<PermissionResult> rows() {
        return rows;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** The Role/ClusterRole to ask for, as YAML; empty when nothing is denied. */
    public ReadOnlyStringProperty askForProperty() {
        return askFor.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Something essential is denied: Start would fail. */
    public ReadOnlyBooleanProperty blockingProperty() {
        return blocking.getReadOnlyProperty();
    }

    public void close() {
        if (pending != null) {
            pending.cancel();
        }
    }
}
