package dev.nightjar.desktop.ui.util;

import javafx.scene.control.MenuItem;
import org.kordamp.ikonli.javafx.FontIcon;

/** Context-menu items as every page makes them: an id (tests find it), text, an icon and what it does. */
public final class MenuItems {

    private MenuItems() {
    }

    public static MenuItem of(String id, String text, String icon, Runnable action) {
        MenuItem item = new MenuItem(text, new FontIcon(icon));
        item.setId(id);
        item.setOnAction(e -> action.run());
        return item;
    }
}
