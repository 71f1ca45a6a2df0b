package dev.nightjar.desktop.ui.shell;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** What a person sees before any capture is open. */
final class WelcomeView extends VBox {

    WelcomeView(ShellViewModel viewModel, Runnable chooseBundle, Runnable connectToSensor, Runnable openCluster) {
        super(14);
        getStyleClass().add("welcome");
        setAlignment(Pos.CENTER);

        ImageView mark = new ImageView(AppIcons.ofSize(128));
        mark.setId("welcome-mark");
        mark.setFitWidth(96);
        mark.setFitHeight(96);
        mark.setSmooth(true);

        Label title = new Label("Nightjar");
        title.setId("welcome-title");
        title.getStyleClass().add("welcome-title");

        Label tagline = new Label("See what the kernel sees on your nodes: flows, packet drops with their reason,"
                + " slow syscalls and CPU stacks. Then leave nothing behind.");
        tagline.getStyleClass().add("welcome-tagline");
        tagline.setWrapText(true);
        tagline.setMaxWidth(560);

        Button demo = new Button("Open the demo capture", new FontIcon("mdi2p-play-circle-outline"));
        demo.setId("open-demo");
        demo.setTooltip(new javafx.scene.control.Tooltip("A real capture of a small shop (frontend, cart, payments),"
                + " recorded by the sensor on a real kernel: every view has data"));
        demo.setOnAction(e -> viewModel.openDemo());
        demo.disableProperty().bind(viewModel.busyProperty());
        Button open = new Button("Open capture…", new FontIcon("mdi2f-folder-open-outline"));
        open.setId("open-capture");
        open.setOnAction(e -> chooseBundle.run());
        open.disableProperty().bind(viewModel.busyProperty());
        Button connect = new Button("Connect to a sensor…", new FontIcon("mdi2l-lan-connect"));
        connect.setId("connect-sensor");
        connect.setOnAction(e -> connectToSensor.run());
        Button cluster = new Button("Connect to a cluster…", new FontIcon("mdi2k-kubernetes"));
        cluster.setId("open-cluster");
        cluster.setOnAction(e -> openCluster.run());
        Button local = new Button("Sensor on this machine", new FontIcon("mdi2l-laptop"));
        local.setId("local-sensor");
        local.setOnAction(e -> viewModel.startLocalSensor());
        local.disableProperty().bind(viewModel.busyProperty());
        HBox actions = new HBox(10);
        actions.setAlignment(Pos.CENTER);
        Label hint = new Label();
        hint.getStyleClass().add("muted");
        // Without a kubeconfig the demo leads; with one, the cluster does. Whether there is one is
        // looked up off the UI thread (it reads the file system), so the order may change once.
        Runnable arrange = () -> {
            boolean noCluster = !viewModel.kubeconfigPresentProperty().get();
            demo.setDefaultButton(noCluster);
            open.setDefaultButton(!noCluster);
            actions.getChildren().setAll(noCluster ? demo : cluster, open, connect, local, noCluster ? cluster : demo);
            hint.setText(noCluster
                    ? "No kubeconfig found: the demo capture shows every view with real data · or drop a .njcap file here"
                    : "or drop a .njcap file here · Ctrl+O");
        };
        arrange.run();
        viewModel.kubeconfigPresentProperty().addListener((obs, was, now) -> arrange.run());
        viewModel.lookForKubeconfig();

        ProgressIndicator progress = new ProgressIndicator();
        progress.setMaxSize(28, 28);
        progress.visibleProperty().bind(viewModel.busyProperty());
        progress.managedProperty().bind(viewModel.busyProperty());

        Label error = new Label();
        error.setId("open-error");
        error.getStyleClass().add("lost-detail");
        error.setWrapText(true);
        error.setMaxWidth(640);
        error.textProperty().bind(viewModel.openErrorProperty());
        error.visibleProperty().bind(viewModel.openErrorProperty().isNotEmpty());

        getChildren().addAll(mark, title, tagline, actions, hint, progress, error);
    }
}
