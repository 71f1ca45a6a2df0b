package dev.nightjar.desktop.ui.overview;

import dev.nightjar.desktop.overview.NodeOverview;
import dev.nightjar.desktop.ui.page.TraceMenus;
import dev.nightjar.protocol.PayloadKind;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** One node's health as a card: features with why-not, sensor cost, recorded and lost counts. */
final class NodeCard extends VBox {

    NodeCard(NodeOverview node, OverviewViewModel vm) {
        super(6);
        getStyleClass().add("node-card");
        boolean stopped = vm.stoppedProperty().get();

        Label title = new Label(node.node());
        title.getStyleClass().add("node-card-title");
        Label facts = new Label(String.format(Locale.ROOT, "kernel %s · %s · sensor %s · CPU %.1f s · memory %s",
                node.kernelRelease(), node.architecture(), node.sensorVersion(), node.sensorCpuSeconds(),
                mebibytes(node.sensorRssBytes())));
        facts.getStyleClass().add("muted");
        getChildren().addAll(title, facts);

        for (NodeOverview.FeatureLine feature : node.features()) {
            // After Stop nothing runs any more: say what ran, not that it runs.
            FontIcon icon = new FontIcon(stopped ? "mdi2s-stop-circle-outline"
                    : feature.running() ? "mdi2c-check-circle" : "mdi2a-alert-circle");
            icon.getStyleClass().add(stopped ? "feature-stopped" : feature.running() ? "feature-ok" : "feature-off");
            String text = stopped ? feature.name() + (feature.running() ? ": stopped (ran until Stop)"
                    : ": did not run — " + feature.reason())
                    : feature.running() ? feature.name() + ": running" : feature.name() + ": not running — " + feature.reason();
            Label line = new Label(text, icon);
            line.setWrapText(true);
            line.getStyleClass().add("feature-line");
            getChildren().add(line);
        }

        FlowPane counts = new FlowPane(16, 4);
        for (PayloadKind kind : PayloadKind.records()) {
            int n = node.recorded().getOrDefault(kind, 0);
            if (n > 0) {
                counts.getChildren().add(new Label(String.format(Locale.ROOT, "%,d %s", n, kind.plural())));
            }
        }
        getChildren().add(counts);

        NodeOverview.DropRate drops = node.drops();
        if (drops.packets() == 0) {
            Label none = new Label("No packet drops");
            none.getStyleClass().add("muted");
            getChildren().add(none);
        } else {
            Label dropLine = new Label(String.format(Locale.ROOT, "%,d packets dropped · %.1f per minute",
                    drops.packets(), drops.perMinute()));
            dropLine.getStyleClass().add("lost");
            Hyperlink see = new Hyperlink("see Drops");
            see.getStyleClass().add("node-card-drops-link");
            see.setOnAction(e -> vm.showDrops(node.node()));
            HBox line = new HBox(4, dropLine, see);
            line.setAlignment(Pos.BASELINE_LEFT);
            getChildren().add(line);
        }
        if (!node.topTalkers().isEmpty()) {
            Label heading = new Label(vm.hidesSessionTraffic()
                    ? "Top talkers (this session's own sensor stream is not counted)" : "Top talkers");
            heading.getStyleClass().add("muted");
            getChildren().add(heading);
            for (var talker : node.topTalkers()) {
                Hyperlink link = new Hyperlink(String.format(Locale.ROOT, "%s → %s", talker.source(), talker.destination()));
                link.getStyleClass().add("node-card-talker");
                link.setTooltip(new Tooltip("Show these flows on the Flows page"));
                link.setOnAction(e -> vm.showFlows(node.node(), talker.source(), talker.destination()));
                // Right-click: trace the processes or pods behind these flows.
                TraceMenus.installOn(link, vm.traceActions(), e -> vm.traceable(node, talker));
                Label amount = new Label(String.format(Locale.ROOT, "%s in %,d connection%s",
                        dev.nightjar.desktop.ui.format.Units.bytes(talker.bytes()), talker.connections(),
                        talker.connections() == 1 ? "" : "s"));
                amount.getStyleClass().add("muted");
                HBox line = new HBox(6, link, amount);
                line.setAlignment(Pos.BASELINE_LEFT);
                line.setPadding(new javafx.geometry.Insets(0, 0, 0, 8));
                getChildren().add(line);
            }
        }

        Label lost = new Label(node.lostTotal() == 0 ? "Nothing lost"
                : String.format(Locale.ROOT, "%,d events lost", node.lostTotal()));
        lost.getStyleClass().add(node.lostTotal() == 0 ? "muted" : "lost");
        getChildren().add(lost);
        for (String detail : node.lossDetails()) {
            Label line = new Label("  " + detail);
            line.getStyleClass().add("lost-detail");
            getChildren().add(line);
        }
        if (node.streamRestarts() > 0) {
            Label restarts = new Label(String.format(Locale.ROOT, "stream restarted %d times (reconnects)", node.streamRestarts()));
            restarts.getStyleClass().add("lost-detail");
            getChildren().add(restarts);
        }
    }

    private static String mebibytes(long bytes) {
        return bytes == 0 ? "unknown" : String.format(Locale.ROOT, "%.0f MiB", bytes / (1024.0 * 1024.0));
    }
}
