package dev.nightjar.desktop.ui.overview;

import dev.nightjar.desktop.overview.NodeOverview;
import dev.nightjar.protocol.PayloadKind;
import java.util.Locale;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** One node's health as a card: features with why-not, sensor cost, recorded and lost counts. */
final class NodeCard extends VBox {

    NodeCard(NodeOverview node) {
        super(6);
        getStyleClass().add("node-card");

        Label title = new Label(node.node());
        title.getStyleClass().add("node-card-title");
        Label facts = new Label(String.format(Locale.ROOT, "kernel %s · %s · sensor %s · CPU %.1f s · memory %s",
                node.kernelRelease(), node.architecture(), node.sensorVersion(), node.sensorCpuSeconds(),
                mebibytes(node.sensorRssBytes())));
        facts.getStyleClass().add("muted");
        getChildren().addAll(title, facts);

        for (NodeOverview.FeatureLine feature : node.features()) {
            FontIcon icon = new FontIcon(feature.running() ? "mdi2c-check-circle" : "mdi2a-alert-circle");
            icon.getStyleClass().add(feature.running() ? "feature-ok" : "feature-off");
            String text = feature.running() ? feature.name() + ": running" : feature.name() + ": not running — " + feature.reason();
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
        Label dropLine = new Label(drops.packets() == 0 ? "No packet drops"
                : String.format(Locale.ROOT, "%,d packets dropped · %.1f per minute (see Drops)", drops.packets(),
                        drops.perMinute()));
        dropLine.getStyleClass().add(drops.packets() == 0 ? "muted" : "lost");
        getChildren().add(dropLine);
        if (!node.topTalkers().isEmpty()) {
            Label heading = new Label("Top talkers");
            heading.getStyleClass().add("muted");
            getChildren().add(heading);
            for (var talker : node.topTalkers()) {
                getChildren().add(new Label(String.format(Locale.ROOT, "  %s → %s   %s in %,d flow%s", talker.source(),
                        talker.destination(), dev.nightjar.desktop.ui.format.Units.bytes(talker.bytes()),
                        talker.flows(), talker.flows() == 1 ? "" : "s")));
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
