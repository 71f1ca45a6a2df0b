package dev.nightjar.desktop.ui.overview;

import dev.nightjar.desktop.flows.TopTalkers;
import dev.nightjar.desktop.overview.NodeOverview;
import dev.nightjar.desktop.ui.format.Units;
import dev.nightjar.desktop.ui.page.TraceMenus;
import dev.nightjar.protocol.PayloadKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * One node's health as a card: features with why-not, sensor cost, recorded and lost counts,
 * drops and top talkers. A live session refreshes the card several times a second, and only its
 * numbers change between most refreshes: {@link #show} keeps every line whose kind is as before
 * and sets its text, and builds anew only the lines that are new (a feature stopped, another
 * top talker). Building a card's thirty-odd labels on each refresh was most of the Overview's
 * frame time (docs/PERFORMANCE.md).
 */
final class NodeCard extends VBox {

    private static final String KEY = "node-card-line";

    private final OverviewViewModel vm;
    /** What the card shows now: the links act on it, not on what they were built for. */
    private NodeOverview shown;

    NodeCard(OverviewViewModel vm) {
        super(6);
        this.vm = vm;
        getStyleClass().add("node-card");
    }

    /** Shows {@code node}, reusing the lines already there where they show the same kind of thing. */
    void show(NodeOverview node) {
        shown = node;
        reconcile(lines(node));
    }

    /** One line of the card: a key saying what kind of line it is, how to build it, and how to set its text. */
    private record Line(String key, Supplier<Node> build, Consumer<Node> refresh) {
    }

    private void reconcile(List<Line> lines) {
        var children = getChildren();
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            Node existing = i < children.size() ? children.get(i) : null;
            if (existing == null || !line.key().equals(existing.getProperties().get(KEY))) {
                Node built = line.build().get();
                built.getProperties().put(KEY, line.key());
                if (existing == null) {
                    children.add(built);
                } else {
                    children.set(i, built);
                }
                existing = built;
            }
            line.refresh().accept(existing);
        }
        if (children.size() > lines.size()) {
            children.remove(lines.size(), children.size());
        }
    }

    private List<Line> lines(NodeOverview node) {
        List<Line> lines = new ArrayList<>();
        lines.add(label("title", "node-card-title", node.node()));
        lines.add(label("facts", "muted", String.format(Locale.ROOT, "kernel %s · %s · sensor %s · CPU %.1f s · memory %s",
                node.kernelRelease(), node.architecture(), node.sensorVersion(), node.sensorCpuSeconds(),
                mebibytes(node.sensorRssBytes()))));
        boolean stopped = vm.stoppedProperty().get();
        for (NodeOverview.FeatureLine feature : node.features()) {
            lines.add(featureLine(feature, stopped));
        }
        lines.add(counts(node));
        lines.add(drops(node.drops()));
        if (!node.topTalkers().isEmpty()) {
            lines.add(label("talkers-heading", "muted", vm.hidesSessionTraffic()
                    ? "Top talkers (this session's own sensor stream is not counted)" : "Top talkers"));
            for (TopTalkers.Talker talker : node.topTalkers()) {
                lines.add(talkerLine(talker));
            }
        }
        boolean lost = node.lostTotal() != 0;
        lines.add(label(lost ? "lost" : "nothing-lost", lost ? "lost" : "muted",
                lost ? String.format(Locale.ROOT, "%,d events lost", node.lostTotal()) : "Nothing lost"));
        for (String detail : node.lossDetails()) {
            lines.add(label("loss-detail", "lost-detail", "  " + detail));
        }
        if (node.streamRestarts() > 0) {
            lines.add(label("restarts", "lost-detail",
                    String.format(Locale.ROOT, "stream restarted %d times (reconnects)", node.streamRestarts())));
        }
        return lines;
    }

    private static Line label(String key, String styleClass, String text) {
        return new Line(key + "/" + styleClass, () -> {
            Label label = new Label();
            label.getStyleClass().add(styleClass);
            return label;
        }, n -> ((Label) n).setText(text));
    }

    private static Line featureLine(NodeOverview.FeatureLine feature, boolean stopped) {
        // After Stop nothing runs any more: say what ran, not that it runs.
        String state = stopped ? "stopped" : feature.running() ? "running" : "off";
        String text = stopped ? feature.name() + (feature.running() ? ": stopped (ran until Stop)"
                : ": did not run — " + feature.reason())
                : feature.running() ? feature.name() + ": running" : feature.name() + ": not running — " + feature.reason();
        return new Line("feature/" + state, () -> {
            FontIcon icon = new FontIcon(stopped ? "mdi2s-stop-circle-outline"
                    : feature.running() ? "mdi2c-check-circle" : "mdi2a-alert-circle");
            icon.getStyleClass().add(stopped ? "feature-stopped" : feature.running() ? "feature-ok" : "feature-off");
            Label line = new Label("", icon);
            line.setWrapText(true);
            line.getStyleClass().add("feature-line");
            return line;
        }, n -> ((Label) n).setText(text));
    }

    private static Line counts(NodeOverview node) {
        List<String> texts = new ArrayList<>();
        for (PayloadKind kind : PayloadKind.records()) {
            int n = node.recorded().getOrDefault(kind, 0);
            if (n > 0) {
                texts.add(String.format(Locale.ROOT, "%,d %s", n, kind.plural()));
            }
        }
        return new Line("counts", () -> new FlowPane(16, 4), n -> {
            var labels = ((FlowPane) n).getChildren();
            while (labels.size() > texts.size()) {
                labels.removeLast();
            }
            while (labels.size() < texts.size()) {
                labels.add(new Label());
            }
            for (int i = 0; i < texts.size(); i++) {
                ((Label) labels.get(i)).setText(texts.get(i));
            }
        });
    }

    private Line drops(NodeOverview.DropRate drops) {
        if (drops.packets() == 0) {
            return label("no-drops", "muted", "No packet drops");
        }
        String text = String.format(Locale.ROOT, "%,d packets dropped · %.1f per minute", drops.packets(), drops.perMinute());
        return new Line("drops", () -> {
            Label dropLine = new Label();
            dropLine.getStyleClass().add("lost");
            Hyperlink see = new Hyperlink("see Drops");
            see.getStyleClass().add("node-card-drops-link");
            see.setOnAction(e -> vm.showDrops(shown.node()));
            HBox line = new HBox(4, dropLine, see);
            line.setAlignment(Pos.BASELINE_LEFT);
            return line;
        }, n -> ((Label) ((HBox) n).getChildren().getFirst()).setText(text));
    }

    private Line talkerLine(TopTalkers.Talker talker) {
        String amount = String.format(Locale.ROOT, "%s in %,d connection%s", Units.bytes(talker.bytes()),
                talker.connections(), talker.connections() == 1 ? "" : "s");
        String key = "talker/" + talker.source() + "→" + talker.destination();
        return new Line(key, () -> {
            Hyperlink link = new Hyperlink(String.format(Locale.ROOT, "%s → %s", talker.source(), talker.destination()));
            link.getStyleClass().add("node-card-talker");
            link.setTooltip(new Tooltip("Show these flows on the Flows page"));
            link.setOnAction(e -> vm.showFlows(shown.node(), talker.source(), talker.destination()));
            // Right-click: trace the processes or pods behind these flows, as the card shows them now.
            TraceMenus.installOn(link, vm.traceActions(), e -> vm.traceable(shown, talkerNow(talker)));
            Label bytes = new Label();
            bytes.getStyleClass().add("muted");
            HBox line = new HBox(6, link, bytes);
            line.setAlignment(Pos.BASELINE_LEFT);
            line.setPadding(new Insets(0, 0, 0, 8));
            return line;
        }, n -> ((Label) ((HBox) n).getChildren().get(1)).setText(amount));
    }

    /** The shown node's talker between the same endpoints (its counts move on every refresh). */
    private TopTalkers.Talker talkerNow(TopTalkers.Talker built) {
        return shown.topTalkers().stream()
                .filter(t -> t.source().equals(built.source()) && t.destination().equals(built.destination()))
                .findFirst().orElse(built);
    }

    private static String mebibytes(long bytes) {
        return bytes == 0 ? "unknown" : String.format(Locale.ROOT, "%.0f MiB", bytes / (1024.0 * 1024.0));
    }
}
