package dev.nightjar.desktop.ui.security;

import dev.nightjar.desktop.security.PolicyFiles;
import dev.nightjar.desktop.security.SecurityEvents;
import dev.nightjar.desktop.targets.TargetsByNode;
import dev.nightjar.desktop.ui.page.TraceActions;
import dev.nightjar.desktop.ui.util.ViewExecutors;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The Security page's choice of the live session's security policies: off, the sensor's default
 * set, or policy files. Policy files are read and checked off the UI thread ({@link PolicyFiles});
 * one refused there never reaches a sensor. {@link #outcomeProperty()} says what the sensors did,
 * or why nothing was asked. UI thread.
 */
public final class SecurityChoiceModel {

    private final ViewExecutors executors;
    private final ReadOnlyBooleanWrapper live = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<SecurityEvents> chosen = new ReadOnlyObjectWrapper<>(SecurityEvents.OFF);
    private final ReadOnlyStringWrapper outcome = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper asking = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper refused = new ReadOnlyBooleanWrapper(false);
    private TraceActions trace = TraceActions.NONE;

    SecurityChoiceModel(ViewExecutors executors) {
        this.executors = Objects.requireNonNull(executors, "executors");
    }

    /** A live session's: the choice follows what its sensors are asked for. */
    void offer(TraceActions actions, ReadOnlyObjectProperty<TargetsByNode> targets, ReadOnlyBooleanProperty isLive) {
        this.trace = Objects.requireNonNull(actions, "actions");
        live.bind(isLive);
        chosen.bind(Bindings.createObjectBinding(() -> targets.get().security(), targets));
    }

    /** Asks the sensors for {@code choice} (off or the default policies; policy files through {@link #choosePolicyFiles}). */
    public void choose(SecurityEvents choice) {
        if (notLive()) {
            return;
        }
        asking.set(true);
        say("Asking for " + choice.describe() + "…", false);
        trace.chooseSecurity(choice, (text, problem) -> {
            asking.set(false);
            say(text, problem);
        });
    }

    /** Reads and checks the files in the background; asks the sensors for them if they pass, else says why not. */
    public void choosePolicyFiles(List<Path> files) {
        if (notLive()) {
            return;
        }
        List<Path> chosenFiles = List.copyOf(files);
        asking.set(true);
        say("Reading " + chosenFiles.size() + (chosenFiles.size() == 1 ? " policy file…" : " policy files…"), false);
        Runnable work = () -> {
            SecurityEvents read;
            try {
                read = PolicyFiles.read(chosenFiles);
            } catch (IllegalArgumentException e) {
                executors.ui().execute(() -> {
                    asking.set(false);
                    say(e.getMessage() + " Nothing was asked of the sensors.", true);
                });
                return;
            }
            executors.ui().execute(() -> choose(read));
        };
        if (executors.buildsInBackground()) {
            executors.background().execute(work);
        } else {
            work.run();
        }
    }

    private boolean notLive() {
        if (!live.get()) {
            say("This capture is not live: its security events are the ones recorded.", true);
        }
        return !live.get();
    }

    private void say(String text, boolean problem) {
        outcome.set(text);
        refused.set(problem);
    }

    /** Whether the last outcome is a problem (a refusal, a notice about a sensor): shown as one. */
    public ReadOnlyBooleanProperty refusedProperty() {
        return refused.getReadOnlyProperty();
    }

    /** Whether the choice can be made: a live session not stopped. */
    public ReadOnlyBooleanProperty liveProperty() {
        return live.getReadOnlyProperty();
    }

    /** The session's security policies now (what its sensors were last asked for and took). */
    public ReadOnlyObjectProperty<SecurityEvents> chosenProperty() {
        return chosen.getReadOnlyProperty();
    }

    /** What the sensors did with the last choice, or why nothing was asked; empty before any. */
    public ReadOnlyStringProperty outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    /** True from a choice until the sensors (or the file check) answered. */
    public ReadOnlyBooleanProperty askingProperty() {
        return asking.getReadOnlyProperty();
    }
}
