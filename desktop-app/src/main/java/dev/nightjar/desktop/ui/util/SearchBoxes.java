package dev.nightjar.desktop.ui.util;

import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/**
 * What every page's filter or search box does alike: it carries the style class
 * {@code page-search} (Ctrl+F finds it, see the workbench), and Escape clears it — once to
 * clear the text, and the box keeps the focus for the next search.
 */
public final class SearchBoxes {

    public static final String STYLE_CLASS = "page-search";

    private SearchBoxes() {
    }

    public static void install(TextInputControl box) {
        box.getStyleClass().add(STYLE_CLASS);
        box.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && !box.getText().isEmpty()) {
                box.clear();
                e.consume();
            }
        });
    }

    /** Puts the cursor in the box with its text selected, ready to type over. */
    public static void focus(TextInputControl box) {
        box.requestFocus();
        box.selectAll();
    }
}
