package dev.nightjar.desktop.ui.drops;

import dev.nightjar.desktop.drops.StepText;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * "What to check next": numbered steps, prose wrapped to the pane's width with commands in a
 * monospace font, and below each step its commands as blocks with a Copy button. Part of the
 * page's own scroll: it grows with its text instead of scrolling inside the page.
 */
final class NextSteps extends VBox {

    NextSteps() {
        super(8);
        setId("drop-next-steps");
        getStyleClass().add("next-steps");
    }

    void show(List<String> steps) {
        getChildren().clear();
        for (int i = 0; i < steps.size(); i++) {
            getChildren().add(step(i + 1, steps.get(i)));
        }
    }

    private static VBox step(int number, String step) {
        TextFlow prose = new TextFlow();
        prose.getStyleClass().add("step-text");
        prose.getChildren().add(text(number + ". ", "step-number"));
        for (StepText.Part part : StepText.parse(step)) {
            prose.getChildren().add(text(part.text(), part.command() ? "step-code" : "step-prose"));
        }
        VBox box = new VBox(4, prose);
        for (String command : StepText.commands(step)) {
            box.getChildren().add(commandBlock(command));
        }
        return box;
    }

    private static Text text(String s, String styleClass) {
        Text t = new Text(s);
        t.getStyleClass().add(styleClass);
        return t;
    }

    private static HBox commandBlock(String command) {
        Label code = new Label(command);
        code.getStyleClass().addAll("command-block", "mono");
        code.setWrapText(true);
        code.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(code, Priority.ALWAYS);
        Button copy = new Button("Copy", new FontIcon("mdi2c-content-copy"));
        copy.getStyleClass().add("copy-command");
        copy.setTooltip(new Tooltip("Copy this command to the clipboard"));
        copy.setMinWidth(Button.USE_PREF_SIZE);
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(command);
            Clipboard.getSystemClipboard().setContent(content);
            copy.setText("Copied");
        });
        HBox row = new HBox(6, code, copy);
        row.setAlignment(Pos.CENTER_LEFT);
        row.setPadding(new Insets(0, 0, 0, 18));
        return row;
    }
}
