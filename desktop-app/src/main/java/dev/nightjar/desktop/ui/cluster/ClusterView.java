package dev.nightjar.desktop.ui.cluster;

import dev.nightjar.desktop.cluster.ClusterConnection.NodeChoice;
import dev.nightjar.desktop.cluster.NodeWarning;
import dev.nightjar.desktop.session.LaunchMode;
import dev.nightjar.desktop.session.ManifestPreview;
import dev.nightjar.desktop.session.PermissionCheck;
import dev.nightjar.desktop.session.PrivilegeMode;
import dev.nightjar.desktop.session.SessionPlan;
import dev.nightjar.desktop.session.SessionSettings;
import dev.nightjar.desktop.ui.util.Columns;
import java.util.List;
import java.util.stream.Collectors;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** Connect screen and node table: pick a context, connect, see the nodes and what to know about each. */
public final class ClusterView extends BorderPane {

    /** Starts a capture on the chosen nodes with the context's session settings. */
    @FunctionalInterface
    public interface CaptureStarter {
        void start(List<String> nodes, SessionSettings settings);
    }

    private final ClusterViewModel vm;

    public ClusterView(ClusterViewModel vm, Runnable home, CaptureStarter starter) {
        this.vm = vm;
        getStyleClass().add("cluster");

        ComboBox<String> contexts = new ComboBox<>(vm.contexts());
        contexts.setId("cluster-context");
        contexts.valueProperty().bindBidirectional(vm.selectedContextProperty());
        contexts.setPrefWidth(280);
        Button connect = new Button("Connect", new FontIcon("mdi2k-kubernetes"));
        connect.setId("cluster-connect");
        connect.setDefaultButton(true);
        connect.disableProperty().bind(vm.busyProperty().or(vm.selectedContextProperty().isNull()));
        connect.setOnAction(e -> vm.connect());
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setMaxSize(20, 20);
        spinner.visibleProperty().bind(vm.busyProperty());
        Label progress = new Label();
        progress.setId("cluster-progress");
        progress.textProperty().bind(vm.progressProperty());
        Button back = new Button("Home", new FontIcon("mdi2h-home-outline"));
        back.setId("cluster-home");
        back.setOnAction(e -> home.run());
        HBox bar = new HBox(10, back, new Label("Context"), contexts, connect, spinner, progress);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8));

        Label problem = message("cluster-problem", "lost-detail");
        problem.textProperty().bind(vm.problemProperty());
        bindShown(problem);
        Label sweep = message("cluster-sweep", "muted");
        sweep.textProperty().bind(vm.sweepProperty());
        bindShown(sweep);

        TextField filter = new TextField();
        filter.setId("node-filter");
        filter.setPromptText("Filter nodes: name, or labels like role=worker kubernetes.io/arch=arm64");
        filter.textProperty().bindBidirectional(vm.nodeFilterProperty());
        VBox top = new VBox(4, bar, problem, sweep, filter);
        top.setPadding(new Insets(0, 8, 6, 8));
        setTop(top);

        TableView<NodeChoice> table = new TableView<>(vm.nodes());
        table.setId("node-table");
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setPlaceholder(new Label("Connect to a context to see its nodes."));
        table.getColumns().addAll(List.of(
                Columns.text("Node", 260, n -> n.summary().name()),
                Columns.text("Ready", 75, n -> n.summary().ready() ? "Ready" : "NotReady"),
                Columns.text("Roles", 95, n -> String.join(",", n.summary().roles())),
                Columns.text("Kernel", 130, n -> n.summary().kernelVersion()),
                Columns.text("Arch", 60, n -> n.summary().architecture()),
                Columns.text("Runtime", 120, n -> n.summary().containerRuntime()),
                Columns.text("Pods", 45, n -> Integer.toString(n.summary().podCount())),
                Columns.text("Taints", 130, n -> String.join(", ", n.summary().taints())),
                Columns.text("Before you deploy", 260, ClusterView::warnings)));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);

        // The whole story of the selected nodes: names and warnings are too long for cells.
        Label details = new Label("Select nodes to see what to know before deploying a sensor on them.");
        details.setId("node-details");
        details.setWrapText(true);
        details.setPadding(new Insets(8));
        table.getSelectionModel().getSelectedItems().addListener((javafx.collections.ListChangeListener<NodeChoice>) c -> {
            details.setText(describe(table.getSelectionModel().getSelectedItems()));
            vm.selectNodes(List.copyOf(table.getSelectionModel().getSelectedItems()));
        });
        // A new connection's nodes replace the old ones: nothing stays picked (the view model cleared its side).
        vm.connectionProperty().addListener((obs, old, now) -> table.getSelectionModel().clearSelection());
        javafx.scene.control.ScrollPane detailsScroll = new javafx.scene.control.ScrollPane(details);
        detailsScroll.setFitToWidth(true);
        javafx.scene.control.SplitPane split = new javafx.scene.control.SplitPane(table, detailsScroll);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.7);
        setCenter(split);

        javafx.scene.control.CheckBox leastPrivilege = new javafx.scene.control.CheckBox(
                "Least privilege (capabilities instead of a privileged container)");
        leastPrivilege.setId("least-privilege");
        // The context's remembered privilege mode, both ways.
        leastPrivilege.setSelected(vm.settings().current().privilege() == PrivilegeMode.LEAST_PRIVILEGE);
        vm.settings().currentProperty().addListener((obs, old, now) ->
                leastPrivilege.setSelected(now.privilege() == PrivilegeMode.LEAST_PRIVILEGE));
        leastPrivilege.selectedProperty().addListener((obs, old, on) ->
                vm.settings().setPrivilege(on ? PrivilegeMode.LEAST_PRIVILEGE : PrivilegeMode.PRIVILEGED));
        Button start = new Button("Start capture", new FontIcon("mdi2r-record-circle-outline"));
        start.setId("start-capture");
        // Off with nothing picked, and with a node no sensor can run on (the reason shows in place of the hint).
        start.disableProperty().bind(vm.startBlockedProperty().isNotEmpty().or(vm.busyProperty()));
        start.setOnAction(e -> checkThenStart(table.getSelectionModel().getSelectedItems().stream()
                .map(n -> n.summary().name()).toList(), starter));
        Button manifest = new Button("Show manifest", new FontIcon("mdi2f-file-document-outline"));
        manifest.setId("show-manifest");
        manifest.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(table.getSelectionModel().getSelectedItems())
                .or(vm.busyProperty()));
        manifest.setOnAction(e -> showManifest(table.getSelectionModel().getSelectedItems().stream()
                .map(n -> n.summary().name()).toList()));
        Button settings = new Button("Session settings…", new FontIcon("mdi2c-cog-outline"));
        settings.setId("session-settings");
        settings.disableProperty().bind(vm.busyProperty().or(vm.selectedContextProperty().isNull()));
        settings.setOnAction(e -> showSettings());
        Button check = new Button("Check permissions", new FontIcon("mdi2s-shield-key-outline"));
        check.setId("check-permissions");
        check.disableProperty().bind(vm.connectionProperty().isNull().or(vm.permissions().runningProperty()));
        check.setOnAction(e -> vm.permissions().run(vm.connectionProperty().get(), vm.settings().current(),
                results -> showPermissions(null)));
        String usage = "Select nodes (Ctrl/Shift-click). Nightjar deploys one temporary sensor pod per node"
                + " and removes them when you stop.";
        Label hint = new Label(usage);
        hint.setId("start-hint");
        hint.getStyleClass().add("muted");
        hint.setWrapText(true);
        vm.startBlockedProperty().addListener((obs, old, reason) -> hint.setText(
                reason.isEmpty() || table.getSelectionModel().getSelectedItems().isEmpty() ? usage : reason));
        // Buttons keep their full labels; the hint gives way on a narrow window.
        start.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        manifest.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        settings.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        check.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        leastPrivilege.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        hint.setMinWidth(0);
        Label settingsProblem = message("settings-problem", "lost-detail");
        settingsProblem.textProperty().bind(vm.settings().problemProperty());
        bindShown(settingsProblem);
        top.getChildren().add(settingsProblem);
        HBox actions = new HBox(12, start, manifest, settings, check, leastPrivilege, hint);
        actions.setAlignment(Pos.CENTER_LEFT);
        actions.setPadding(new Insets(8));
        setBottom(actions);
        PluginPromptDialog.attach(vm, this);
    }

    /**
     * Start asks the API server first (one SelfSubjectAccessReview per permission): when
     * something the capture cannot do without is denied, the table says what and what to ask
     * for, and starting anyway is the person's choice.
     */
    private void checkThenStart(List<String> nodes, CaptureStarter starter) {
        SessionSettings settings = vm.settings().current();
        vm.permissions().run(vm.connectionProperty().get(), settings, results -> {
            if (PermissionCheck.blocking(results)) {
                showPermissions(() -> starter.start(nodes, settings));
            } else {
                starter.start(nodes, settings);
            }
        });
    }

    /** @param startAnyway offered as "Start anyway" when not null */
    private void showPermissions(Runnable startAnyway) {
        javafx.scene.control.Dialog<javafx.scene.control.ButtonType> dialog = new javafx.scene.control.Dialog<>();
        dialog.initOwner(getScene() == null ? null : getScene().getWindow());
        dialog.setTitle("Permissions for a capture");
        dialog.setHeaderText(startAnyway == null ? "What the API server says you may do"
                : "Something the capture needs is denied");
        dialog.getDialogPane().setContent(new PermissionCheckView(vm.permissions()));
        javafx.scene.control.ButtonType anyway = new javafx.scene.control.ButtonType("Start anyway",
                javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        if (startAnyway != null) {
            dialog.getDialogPane().getButtonTypes().addAll(anyway, javafx.scene.control.ButtonType.CANCEL);
        } else {
            dialog.getDialogPane().getButtonTypes().add(javafx.scene.control.ButtonType.CLOSE);
        }
        dialog.setResizable(true);
        dialog.showAndWait().filter(b -> b == anyway).ifPresent(b -> startAnyway.run());
    }

    /** The context's session settings; OK saves them (in the background) for the context. */
    private void showSettings() {
        SessionSettingsForm form = new SessionSettingsForm(vm.settings().current());
        javafx.scene.control.Dialog<javafx.scene.control.ButtonType> dialog = new javafx.scene.control.Dialog<>();
        dialog.initOwner(getScene() == null ? null : getScene().getWindow());
        dialog.setTitle("Session settings");
        dialog.setHeaderText("Session settings for " + vm.selectedContextProperty().get());
        dialog.getDialogPane().setContent(new SessionSettingsView(form, vm.selectedContextProperty().get()));
        dialog.getDialogPane().getButtonTypes().addAll(javafx.scene.control.ButtonType.OK,
                javafx.scene.control.ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(javafx.scene.control.ButtonType.OK).disableProperty()
                .bind(form.error().isNotEmpty());
        dialog.setResizable(true);
        dialog.showAndWait().filter(b -> b == javafx.scene.control.ButtonType.OK)
                .flatMap(b -> form.settings()).ifPresent(vm.settings()::save);
    }

    /** The exact objects "Start capture" would create with the context's settings, read-only, before anything is created. */
    private void showManifest(List<String> nodes) {
        SessionSettings settings = vm.settings().current();
        String text;
        if (settings.mode() == LaunchMode.ATTACH) {
            text = "# Attach mode creates nothing: it finds the installed sensors in namespace "
                    + settings.attach().namespace() + " by label and port-forwards to them.\n"
                    + "# The platform team installs them with packaging/kubernetes/nightjar-attach.yaml"
                    + " (nightjar manifest --attach).\n"
                    + "# Security events: " + settings.security().describe() + " (asked of each sensor over its"
                    + " stream).\n";
        } else {
            text = ManifestPreview.yaml(SessionPlan.fresh(nodes, settings, vm.selectedContextProperty().get()),
                    settings.security());
        }
        javafx.scene.control.TextArea yaml = new javafx.scene.control.TextArea(text);
        yaml.setId("manifest-yaml");
        yaml.setEditable(false);
        yaml.getStyleClass().add("mono");
        yaml.setPrefSize(900, 600);
        javafx.scene.control.Dialog<Void> dialog = new javafx.scene.control.Dialog<>();
        dialog.initOwner(getScene() == null ? null : getScene().getWindow());
        dialog.setTitle("What Nightjar will create");
        dialog.setHeaderText("Applied in this order on Start capture; removed on Stop. Also: nightjar manifest --context "
                + vm.selectedContextProperty().get() + " --node NAME");
        dialog.getDialogPane().setContent(yaml);
        dialog.getDialogPane().getButtonTypes().add(javafx.scene.control.ButtonType.CLOSE);
        dialog.setResizable(true);
        dialog.show();
    }

    static String describe(List<NodeChoice> nodes) {
        if (nodes.isEmpty()) {
            return "Select nodes to see what to know before deploying a sensor on them.";
        }
        StringBuilder sb = new StringBuilder();
        for (NodeChoice n : nodes) {
            var s = n.summary();
            sb.append(s.name()).append(" — ").append(s.ready() ? "Ready" : "NotReady").append(", kernel ")
                    .append(s.kernelVersion()).append(", ").append(s.architecture()).append(", ").append(s.osImage())
                    .append(", ").append(s.containerRuntime()).append(", ").append(s.podCount()).append(" pods\n");
            for (NodeWarning w : n.warnings()) {
                sb.append("    ").append(warning(w)).append('\n');
            }
            if (n.warnings().isEmpty()) {
                sb.append("    nothing to worry about\n");
            }
        }
        return sb.toString().strip();
    }

    static String warnings(NodeChoice node) {
        if (node.warnings().isEmpty()) {
            return "ok";
        }
        return node.warnings().stream().map(ClusterView::warning).collect(Collectors.joining("; "));
    }

    private static String warning(NodeWarning w) {
        return switch (w.kind()) {
            case BLOCKING -> "✖ " + w.message();
            case DEGRADED -> "⚠ " + w.message();
            case NOTE -> w.message();
        };
    }

    private static Label message(String id, String style) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add(style);
        l.setWrapText(true);
        return l;
    }

    private static void bindShown(Label l) {
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
    }
}
