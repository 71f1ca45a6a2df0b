package dev.nightjar.desktop.ui.export;

import dev.nightjar.desktop.bundle.Redaction;
import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Consumer;
import javafx.beans.property.LongProperty;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The Export dialog: everything or a time range and a set of nodes, redaction, the size
 * before and after, a progress bar, and the other-tool formats. Builds controls and binds
 * them to an {@link ExportViewModel}; no logic of its own beyond parsing the time fields.
 */
public final class ExportDialog extends Dialog<Void> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final ExportViewModel vm;

    public ExportDialog(ExportViewModel vm, Window owner) {
        this.vm = vm;
        initOwner(owner);
        setTitle("Export the capture");
        setResizable(true);
        getDialogPane().getButtonTypes().add(ButtonType.CLOSE);

        RadioButton everything = new RadioButton("Everything");
        everything.setId("export-everything");
        RadioButton part = new RadioButton("A time range and these nodes:");
        part.setId("export-part");
        ToggleGroup scope = new ToggleGroup();
        everything.setToggleGroup(scope);
        part.setToggleGroup(scope);
        everything.setSelected(vm.everythingProperty().get());
        part.setSelected(!vm.everythingProperty().get());
        vm.everythingProperty().bind(everything.selectedProperty());

        TextField from = timeField("export-from", vm.fromNsProperty());
        TextField to = timeField("export-to", vm.toNsProperty());
        GridPane range = new GridPane(8, 4);
        range.addRow(0, new Label("From (UTC)"), from);
        range.addRow(1, new Label("To (UTC)"), to);
        FlowPane nodes = new FlowPane(10, 4);
        vm.nodes().forEach((name, chosen) -> {
            CheckBox box = new CheckBox(name);
            box.setId("export-node-" + name);
            box.selectedProperty().bindBidirectional(chosen);
            nodes.getChildren().add(box);
        });
        VBox partBox = new VBox(6, range, nodes);
        partBox.setPadding(new Insets(0, 0, 0, 24));
        partBox.disableProperty().bind(everything.selectedProperty());

        CheckBox hash = check("export-hash-ips", "Replace IP addresses by a keyed hash (same address, same stand-in)",
                vm.hashAddressesProperty());
        CheckBox cmdline = check("export-drop-cmdlines", "Remove process command lines", vm.dropCommandLinesProperty());
        CheckBox literals = check("export-mask-literals",
                "Mask query strings, SQL literals and Redis keys in requests (also where the capture kept them)",
                vm.maskRequestLiteralsProperty());
        literals.setWrapText(true);
        CheckBox labels = check("export-filter-labels", "Remove pod labels except "
                + String.join(", ", new TreeSet<>(Redaction.DEFAULT_ALLOWED_LABELS)), vm.filterLabelsProperty());
        labels.setWrapText(true);

        Label estimate = new Label();
        estimate.setId("export-estimate");
        estimate.textProperty().bind(vm.estimateProperty());
        ProgressBar progress = new ProgressBar();
        progress.setId("export-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(vm.progressProperty());
        Label status = new Label();
        status.setId("export-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());

        Button bundle = action("export-bundle", "Export bundle…", "Nightjar captures (*.njcap)", "*.njcap",
                "nightjar-capture.njcap", vm::exportBundle);
        Button flows = action("export-flows", "Flows as JSON lines…", "JSON lines (*.jsonl)", "*.jsonl",
                "flows.jsonl", vm::exportFlows);
        Button folded = action("export-folded", "CPU as folded stacks…", "Folded stacks (*.folded, *.txt)", "*.folded",
                "cpu.folded", vm::exportFoldedStacks);
        Button speedscope = action("export-speedscope", "CPU as speedscope…", "speedscope (*.json)", "*.json",
                "cpu.speedscope.json", vm::exportSpeedscope);
        FlowPane buttons = new FlowPane(8, 8, bundle, flows, folded, speedscope);

        VBox content = new VBox(8,
                bold("What"), everything, part, partBox,
                bold("Redaction (bundle only)"), hash, cmdline, literals, labels,
                estimate, buttons, progress, status);
        content.setPadding(new Insets(12));
        content.setPrefWidth(720);
        getDialogPane().setContent(content);
    }

    private static Label bold(String text) {
        Label label = new Label(text);
        label.setStyle("-fx-font-weight: bold");
        return label;
    }

    private static CheckBox check(String id, String text, javafx.beans.property.BooleanProperty property) {
        CheckBox box = new CheckBox(text);
        box.setId(id);
        box.selectedProperty().bindBidirectional(property);
        return box;
    }

    /** A UTC time field bound to a nanosecond property; a bad entry is marked and not applied. */
    private static TextField timeField(String id, LongProperty ns) {
        TextField field = new TextField(format(ns.get()));
        field.setId(id);
        field.setPrefColumnCount(20);
        field.textProperty().addListener((obs, old, text) -> {
            try {
                Instant instant = java.time.LocalDateTime.parse(text.trim(), TIME).toInstant(ZoneOffset.UTC);
                ns.set(instant.getEpochSecond() * 1_000_000_000L + instant.getNano());
                field.setStyle("");
            } catch (DateTimeParseException | ArithmeticException e) {
                field.setStyle("-fx-border-color: #c0392b");
            }
        });
        return field;
    }

    private static String format(long ns) {
        return TIME.format(Instant.ofEpochSecond(0, ns));
    }

    private Button action(String id, String text, String filterName, String pattern, String initialName,
                          Consumer<Path> export) {
        Button button = new Button(text);
        button.setId(id);
        button.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        button.disableProperty().bind(vm.busyProperty());
        button.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(text.replace("…", ""));
            chooser.setInitialFileName(initialName);
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(filterName, pattern));
            File file = chooser.showSaveDialog(getDialogPane().getScene().getWindow());
            if (file != null) {
                export.accept(file.toPath());
            }
        });
        return button;
    }
}
