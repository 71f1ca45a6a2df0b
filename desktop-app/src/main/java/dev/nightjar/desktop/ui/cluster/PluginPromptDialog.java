package dev.nightjar.desktop.ui.cluster;

import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The dialog a credential plugin's prompt appears in while connect waits for it, such as
 * kubelogin's device code ("To sign in, use a web browser to open … and enter the code …").
 * It opens only when the plugin is still waiting a moment after it first wrote, so a plugin
 * that prints a warning and finishes does not flash a window; it closes when the plugin
 * ends. The text can be selected and copied; Cancel stops the plugin and the connect.
 */
final class PluginPromptDialog {

    static final String OUTPUT_ID = "plugin-output";
    private static final Duration SETTLE = Duration.millis(400);

    private final ClusterViewModel vm;
    private final Node owner;
    private final PauseTransition settle = new PauseTransition(SETTLE);
    private Dialog<ButtonType> open;

    private PluginPromptDialog(ClusterViewModel vm, Node owner) {
        this.vm = vm;
        this.owner = owner;
    }

    /** Shows the dialog for {@code vm}'s plugin prompts, owned by {@code owner}'s window. */
    static void attach(ClusterViewModel vm, Node owner) {
        PluginPromptDialog dialog = new PluginPromptDialog(vm, owner);
        dialog.settle.setOnFinished(e -> dialog.showIfStillWaiting());
        vm.pluginOutputProperty().addListener((obs, old, text) -> {
            if (vm.pluginWaitingProperty().get() && !text.isEmpty() && dialog.open == null) {
                dialog.settle.playFromStart();
            }
        });
        vm.pluginWaitingProperty().addListener((obs, was, waiting) -> {
            if (!waiting) {
                dialog.close();
            }
        });
    }

    private void showIfStillWaiting() {
        if (!vm.pluginWaitingProperty().get() || open != null) {
            return;
        }
        TextArea output = new TextArea();
        output.setId(OUTPUT_ID);
        output.setEditable(false);
        output.setWrapText(true);
        output.getStyleClass().add("mono");
        output.textProperty().bind(vm.pluginOutputProperty());
        output.setPrefSize(640, 110);
        Label command = new Label();
        command.textProperty().bind(Bindings.concat("Running: ", vm.pluginCommandProperty()));
        command.getStyleClass().add("muted");
        command.setWrapText(true);
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner.getScene() == null ? null : owner.getScene().getWindow());
        dialog.setTitle("Credential plugin");
        dialog.setHeaderText("Your kubeconfig's credential plugin is waiting for you. Follow its instructions;"
                + " connecting goes on by itself once it has a token.");
        dialog.getDialogPane().setContent(new VBox(8, output, command));
        ButtonType cancel = new ButtonType("Cancel connecting", ButtonBar.ButtonData.CANCEL_CLOSE);
        dialog.getDialogPane().getButtonTypes().add(cancel);
        dialog.setResizable(true);
        dialog.setOnHidden(e -> {
            if (open == dialog && vm.pluginWaitingProperty().get()) {
                vm.cancelPlugin(); // closed by the user (Cancel, Escape, the window's close button)
            }
            if (open == dialog) {
                open = null;
            }
        });
        open = dialog;
        dialog.show();
    }

    private void close() {
        settle.stop();
        Dialog<ButtonType> dialog = open;
        open = null;
        if (dialog != null) {
            dialog.close();
        }
    }
}
