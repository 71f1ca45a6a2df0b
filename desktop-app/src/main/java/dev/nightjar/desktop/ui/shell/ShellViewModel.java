package dev.nightjar.desktop.ui.shell;

import dev.nightjar.desktop.AppInfo;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** State of the main window that outlives any one screen: title and status line. */
public final class ShellViewModel {

    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(AppInfo.NAME);
    private final StringProperty status = new SimpleStringProperty("Ready");
    private final ReadOnlyStringWrapper version = new ReadOnlyStringWrapper(AppInfo.nameAndVersion());

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public StringProperty statusProperty() {
        return status;
    }

    public ReadOnlyStringProperty versionProperty() {
        return version.getReadOnlyProperty();
    }
}
