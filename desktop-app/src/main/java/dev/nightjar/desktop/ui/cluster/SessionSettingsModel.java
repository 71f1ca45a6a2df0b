package dev.nightjar.desktop.ui.cluster;

import dev.nightjar.desktop.session.PrivilegeMode;
import dev.nightjar.desktop.session.SessionSettings;
import dev.nightjar.desktop.session.SessionSettingsStore;
import dev.nightjar.desktop.ui.util.BackgroundTasks;
import java.io.IOException;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The session settings of the context chosen on the connect screen: read when the context is
 * chosen and saved when they change, both on the background workers (the file is never
 * touched on the UI thread). Until a context's settings are read, the defaults stand.
 */
public final class SessionSettingsModel {

    /** Where settings are remembered; {@link SessionSettingsStore} in the app, a map in tests. */
    public interface Store {
        SessionSettingsStore.Loaded load(String context);

        void save(String context, SessionSettings settings) throws IOException;

        static Store of(SessionSettingsStore store) {
            return new Store() {
                @Override
                public SessionSettingsStore.Loaded load(String context) {
                    return store.load(context);
                }

                @Override
                public void save(String context, SessionSettings settings) throws IOException {
                    store.save(context, settings);
                }
            };
        }
    }

    private final Store store;
    private final BackgroundTasks tasks;
    private final ReadOnlyObjectWrapper<SessionSettings> current = new ReadOnlyObjectWrapper<>(SessionSettings.defaults());
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private String context;

    public SessionSettingsModel(Store store, BackgroundTasks tasks) {
        this.store = store;
        this.tasks = tasks;
    }

    /** Reads the context's settings in the background. UI thread. */
    public void select(String newContext) {
        context = newContext;
        if (newContext == null) {
            current.set(SessionSettings.defaults());
            return;
        }
        tasks.run(() -> store.load(newContext), loaded -> {
            if (newContext.equals(context)) {
                current.set(loaded.settings());
                problem.set(loaded.problem().orElse(""));
            }
        }, failure -> problem.set("Could not read the session settings: " + failure.getMessage()));
    }

    /** Uses and remembers these settings for the chosen context. UI thread. */
    public void save(SessionSettings settings) {
        current.set(settings);
        String saveFor = context;
        if (saveFor == null) {
            return;
        }
        tasks.run(() -> {
            store.save(saveFor, settings);
            return saveFor;
        }, saved -> problem.set(""), failure -> problem.set("Could not save the session settings: "
                + failure.getMessage() + ". They apply until Nightjar closes."));
    }

    public void setPrivilege(PrivilegeMode mode) {
        if (current.get().privilege() != mode) {
            save(current.get().withPrivilege(mode));
        }
    }

    public ReadOnlyObjectProperty<SessionSettings> currentProperty() {
        return current.getReadOnlyProperty();
    }

    public SessionSettings current() {
        return current.get();
    }

    public String context() {
        return context;
    }

    /** What went wrong reading or saving; empty when nothing did. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }
}
