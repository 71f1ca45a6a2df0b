package dev.nightjar.desktop.ui.cluster;

import dev.nightjar.desktop.security.SecurityEvents;
import dev.nightjar.desktop.session.LaunchMode;
import dev.nightjar.desktop.session.PrivilegeMode;
import java.io.File;
import java.util.List;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/** The session settings of one context, as a form bound to a {@link SessionSettingsForm}. */
public final class SessionSettingsView extends VBox {

    public SessionSettingsView(SessionSettingsForm form, String context) {
        super(8);
        setPadding(new Insets(8));
        Label intro = new Label("Captures in context " + context + " use these settings; Nightjar remembers them"
                + " for this context. \"Show manifest\" and `nightjar manifest --context " + context + "` print the"
                + " objects they make.");
        intro.setWrapText(true);
        intro.getStyleClass().add("muted");

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(6);
        grid.getColumnConstraints().addAll(new ColumnConstraints(170), new ColumnConstraints(460));
        grid.getColumnConstraints().get(1).setHgrow(Priority.ALWAYS);
        int row = 0;
        ChoiceBox<LaunchMode> mode = new ChoiceBox<>(FXCollections.observableArrayList(LaunchMode.values()));
        mode.setId("settings-mode");
        mode.valueProperty().bindBidirectional(form.mode);
        mode.setConverter(converter(m -> m == LaunchMode.DEPLOY ? "Deploy a sensor pod per node (removed at Stop)"
                : "Attach to sensors the platform team installed (DaemonSet)"));
        grid.addRow(row++, new Label("Mode"), mode);
        ChoiceBox<PrivilegeMode> privilege = new ChoiceBox<>(FXCollections.observableArrayList(PrivilegeMode.values()));
        privilege.setId("settings-privilege");
        privilege.valueProperty().bindBidirectional(form.privilege);
        privilege.setConverter(converter(p -> p == PrivilegeMode.PRIVILEGED ? "Privileged container"
                : "Least privilege (capabilities only)"));
        grid.addRow(row++, new Label("Privilege"), privilege);
        grid.addRow(row++, new Label("Image"), field("settings-image", form.image,
                "NAME:TAG, e.g. registry.corp.example/mirror/nightjar-sensor:0.1.0"));
        grid.addRow(row++, new Label("Pin digest"), field("settings-digest", form.digest,
                "sha256:… (optional; every node then runs exactly that image)"));
        Label pinning = new Label();
        pinning.getStyleClass().add("muted");
        pinning.setWrapText(true);
        pinning.textProperty().bind(form.pinning());
        grid.add(pinning, 1, row++);
        grid.addRow(row++, new Label("Namespace"), field("settings-namespace", form.namespace, "nightjar"));
        grid.addRow(row++, new Label("Image pull secrets"), field("settings-pull-secrets", form.pullSecrets,
                "Secrets in that namespace, comma separated, e.g. regcred"));
        grid.addRow(row++, new Label("CPU request / limit"), pair(field("settings-cpu-request", form.cpuRequest, "100m"),
                field("settings-cpu-limit", form.cpuLimit, "200m")));
        grid.addRow(row++, new Label("Memory request / limit"), pair(field("settings-memory-request",
                form.memoryRequest, "128Mi"), field("settings-memory-limit", form.memoryLimit, "256Mi")));
        grid.addRow(row++, new Label("Tolerations"), field("settings-tolerations", form.tolerations,
                "* for every taint, or key=value:Effect, key:Effect, key; comma separated"));
        grid.addRow(row++, new Label("Priority class"), field("settings-priority", form.priorityClass,
                "empty for the cluster's default"));
        Label attachTitle = new Label("Attach mode");
        attachTitle.getStyleClass().add("section-title");
        grid.add(attachTitle, 0, row++, 2, 1);
        grid.addRow(row++, new Label("Sensor namespace"), field("settings-attach-namespace", form.attachNamespace,
                "nightjar-attach"));
        TextField token = field("settings-attach-token", form.attachTokenFile, "the file holding the token the"
                + " platform team gave you");
        Button browse = new Button("Choose…");
        browse.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("The attach token file");
            File f = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
            if (f != null) {
                form.attachTokenFile.set(f.getAbsolutePath());
            }
        });
        HBox tokenRow = new HBox(6, token, browse);
        HBox.setHgrow(token, Priority.ALWAYS);
        grid.addRow(row++, new Label("Token file"), tokenRow);
        row = securityRows(grid, row, form);

        Label error = new Label();
        error.setId("settings-error");
        error.getStyleClass().add("lost-detail");
        error.setWrapText(true);
        error.textProperty().bind(form.error());
        getChildren().addAll(intro, grid, error);
        setPrefWidth(720);
    }

    /** "Security events": off, default policies or policy files, and the files. */
    private int securityRows(GridPane grid, int row, SessionSettingsForm form) {
        Label title = new Label("Security events");
        title.getStyleClass().add("section-title");
        grid.add(title, 0, row++, 2, 1);
        ChoiceBox<SecurityEvents.Mode> security = new ChoiceBox<>(
                FXCollections.observableArrayList(SecurityEvents.Mode.values()));
        security.setId("settings-security");
        security.valueProperty().bindBidirectional(form.security);
        security.setConverter(converter(m -> switch (m) {
            case OFF -> "Off (no policy runs)";
            case DEFAULT_POLICIES -> "Default policies";
            case POLICY_FILES -> "Policy files…";
        }));
        grid.addRow(row++, new Label("Policies"), security);
        Label why = new Label("While a policy runs, each sensor's hooks see every file open and exec on its node,"
                + " so they are off until chosen here or on the Security page. Default policies: sensitive kernel"
                + " paths, service-account tokens, shells in containers, setuid to root, namespace changes,"
                + " kernel modules (docs/SECURITY-EVENTS.md).");
        why.getStyleClass().add("muted");
        why.setWrapText(true);
        grid.add(why, 1, row++);
        TextField files = field("settings-policy-files", form.policyFiles,
                "TracingPolicy YAML files, comma separated; read and checked at Start capture");
        files.disableProperty().bind(form.security.isNotEqualTo(SecurityEvents.Mode.POLICY_FILES));
        Button pick = new Button("Choose…");
        pick.setId("settings-policy-files-choose");
        pick.disableProperty().bind(files.disableProperty());
        pick.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("TracingPolicy YAML files");
            chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("TracingPolicy YAML", "*.yaml",
                    "*.yml"), new FileChooser.ExtensionFilter("All files", "*"));
            List<File> picked = chooser.showOpenMultipleDialog(getScene() == null ? null
                    : getScene().getWindow());
            if (picked != null && !picked.isEmpty()) {
                form.policyFiles.set(String.join(", ", picked.stream().map(File::getAbsolutePath).toList()));
            }
        });
        HBox filesRow = new HBox(6, files, pick);
        HBox.setHgrow(files, Priority.ALWAYS);
        grid.addRow(row++, new Label("Policy files"), filesRow);
        return row;
    }

    private static TextField field(String id, StringProperty value, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.textProperty().bindBidirectional(value);
        f.setPromptText(prompt);
        f.setTooltip(new Tooltip(prompt));
        return f;
    }

    private static HBox pair(TextField a, TextField b) {
        HBox h = new HBox(6, a, b);
        HBox.setHgrow(a, Priority.ALWAYS);
        HBox.setHgrow(b, Priority.ALWAYS);
        return h;
    }

    private static <T> StringConverter<T> converter(java.util.function.Function<T, String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(T t) {
                return t == null ? "" : text.apply(t);
            }

            @Override
            public T fromString(String s) {
                throw new UnsupportedOperationException("choices only");
            }
        };
    }
}
