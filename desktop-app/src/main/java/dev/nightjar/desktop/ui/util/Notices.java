package dev.nightjar.desktop.ui.util;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.scene.control.Label;

/** A page's notice line above its table (a filter's error, what was lost): shown only while it has text. */
public final class Notices {

    private Notices() {
    }

    public static Label line(String id, ObservableStringValue text) {
        Label label = new Label();
        label.setId(id);
        label.getStyleClass().add("lost-detail");
        label.setWrapText(true);
        label.textProperty().bind(text);
        label.managedProperty().bind(Bindings.isNotEmpty(text));
        label.visibleProperty().bind(Bindings.isNotEmpty(text));
        label.setPadding(new Insets(0, 6, 4, 6));
        return label;
    }
}
