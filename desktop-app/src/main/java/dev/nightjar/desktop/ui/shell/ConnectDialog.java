package dev.nightjar.desktop.ui.shell;

import dev.nightjar.desktop.stream.SensorAddress;
import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** Asks where a running sensor listens and which token file opens it. */
final class ConnectDialog {

    record Answer(SensorAddress address, Path tokenFile) {
    }

    private ConnectDialog() {
    }

    static Optional<Answer> ask(Window owner) {
        Dialog<Answer> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Connect to a sensor");
        dialog.setHeaderText("A Nightjar sensor already running, e.g. started with\n"
                + "java -jar nightjar-sensor.jar serve --listen 127.0.0.1:7700 --token-file token");
        TextField address = new TextField("127.0.0.1:7700");
        address.setId("connect-address");
        TextField token = new TextField();
        token.setId("connect-token");
        token.setPromptText("path to the token file");
        Button browse = new Button("Browse…");
        browse.setOnAction(e -> {
            File f = new FileChooser().showOpenDialog(dialog.getDialogPane().getScene().getWindow());
            if (f != null) {
                token.setText(f.getAbsolutePath());
            }
        });
        Label error = new Label();
        error.getStyleClass().add("lost-detail");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(10));
        grid.addRow(0, new Label("Sensor (host:port)"), address);
        grid.addRow(1, new Label("Token file"), token, browse);
        grid.add(error, 0, 2, 3, 1);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);

        Node ok = dialog.getDialogPane().lookupButton(ButtonType.OK);
        ok.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            try {
                SensorAddress.parse(address.getText());
                if (token.getText().isBlank()) {
                    throw new IllegalArgumentException("choose the token file the sensor was started with");
                }
            } catch (IllegalArgumentException bad) {
                error.setText(bad.getMessage());
                e.consume();
            }
        });
        dialog.setResultConverter(button -> button == ButtonType.OK
                ? new Answer(SensorAddress.parse(address.getText()), Path.of(token.getText().strip()))
                : null);
        return dialog.showAndWait();
    }
}
