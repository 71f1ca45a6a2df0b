package dev.nightjar.desktop.ui.shell;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** What a person sees before any capture is open. */
final class WelcomeView extends VBox {

    WelcomeView() {
        super(14);
        getStyleClass().add("welcome");
        setAlignment(Pos.CENTER);

        FontIcon mark = new FontIcon("mdi2w-weather-night");
        mark.getStyleClass().add("welcome-mark");

        Label title = new Label("Nightjar");
        title.setId("welcome-title");
        title.getStyleClass().add("welcome-title");

        Label tagline = new Label("See what the kernel sees on your nodes: flows, packet drops with their reason,"
                + " slow syscalls and CPU stacks. Then leave nothing behind.");
        tagline.getStyleClass().add("welcome-tagline");
        tagline.setWrapText(true);
        tagline.setMaxWidth(560);

        getChildren().addAll(mark, title, tagline);
    }
}
