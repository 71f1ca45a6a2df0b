package dev.nightjar.desktop.ui.profile;

import dev.nightjar.desktop.profile.FrameCategory;
import dev.nightjar.desktop.profile.ProcessKey;
import dev.nightjar.desktop.ui.util.SearchBoxes;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Tooltip;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Flame graph page: scope and search on top, the zoom breadcrumb under them,
 * the canvas in the middle, a legend and the totals at the bottom.
 */
public final class FlameGraphView extends BorderPane {

    private final FlameGraphViewModel vm;
    private final FlameCanvas canvas;
    private final ScrollPane scroller;
    private final HBox breadcrumb = new HBox(2);
    private final TextField search = new TextField();

    public FlameGraphView(FlameGraphViewModel vm) {
        this(vm, Platform::runLater);
    }

    FlameGraphView(FlameGraphViewModel vm, Executor uiThread) {
        this.vm = vm;
        getStyleClass().add("flame-graph");
        canvas = new FlameCanvas(vm, uiThread);
        scroller = new ScrollPane(canvas);
        scroller.setId("flame-scroller");
        scroller.setFitToWidth(true);
        scroller.setFitToHeight(true);
        scroller.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        // A flame graph grows upwards: keep the root row in sight when the tree gets deeper.
        canvas.heightProperty().addListener((obs, old, now) -> {
            if (vm.layoutModeProperty().get() == FlameLayoutMode.FLAME) {
                scroller.setVvalue(scroller.getVmax());
            }
        });
        vm.layoutModeProperty().addListener((obs, old, mode) ->
                scroller.setVvalue(mode == FlameLayoutMode.FLAME ? scroller.getVmax() : scroller.getVmin()));

        setTop(new VBox(4, toolbar(), breadcrumbBar()));
        setCenter(scroller);
        setBottom(footer());
        setPadding(new Insets(6, 8, 6, 8));
    }

    private Node toolbar() {
        ChoiceBox<ScopeChoice<String>> nodes = choiceBox("flame-node", vm.nodeChoices(), vm.nodeProperty());
        // Containers and processes can run to hundreds on a node: a ComboBox lists them in a
        // scrolling (virtualised) popup instead of a menu item per entry.
        ComboBox<ScopeChoice<String>> containers = comboBox("flame-container", vm.containerChoices(), vm.containerProperty());
        ComboBox<ScopeChoice<ProcessKey>> processes = comboBox("flame-process", vm.processChoices(), vm.processProperty());
        CheckBox byProcess = new CheckBox("By process");
        byProcess.setId("flame-by-process");
        byProcess.setMinWidth(Region.USE_PREF_SIZE);
        byProcess.setTooltip(new Tooltip("One root frame per process (with its pod), so a node's"
                + " hundreds of processes do not merge into one graph"));
        byProcess.selectedProperty().bindBidirectional(vm.byProcessProperty());

        search.setId("flame-search");
        search.setPromptText("Search frames   (Ctrl+F)");
        search.setPrefColumnCount(16);
        search.setMinWidth(120);
        search.textProperty().bindBidirectional(vm.searchTextProperty());
        SearchBoxes.install(search);
        CheckBox regex = new CheckBox("Regex");
        regex.setId("flame-regex");
        regex.setMinWidth(Region.USE_PREF_SIZE);
        regex.setTooltip(new Tooltip("Search with a regular expression instead of plain text"));
        regex.selectedProperty().bindBidirectional(vm.searchRegexProperty());
        Label matched = new Label();
        matched.setId("flame-matched");
        matched.setMinWidth(Region.USE_PREF_SIZE);
        matched.textProperty().bind(vm.matchedTextProperty());

        ToggleGroup modes = new ToggleGroup();
        HBox modeButtons = new HBox();
        modeButtons.setMinWidth(Region.USE_PREF_SIZE);
        for (FlameLayoutMode mode : FlameLayoutMode.values()) {
            ToggleButton button = new ToggleButton(mode.title());
            button.setId("flame-mode-" + mode.name().toLowerCase(java.util.Locale.ROOT));
            button.setMinWidth(Region.USE_PREF_SIZE);
            button.setTooltip(new Tooltip(mode == FlameLayoutMode.FLAME ? "Root at the bottom, callees above"
                    : "Root at the top, callees below (icicle)"));
            button.setToggleGroup(modes);
            button.setSelected(vm.layoutModeProperty().get() == mode);
            button.setOnAction(e -> {
                vm.layoutModeProperty().set(mode);
                button.setSelected(true);
            });
            vm.layoutModeProperty().addListener((obs, old, now) -> button.setSelected(now == mode));
            modeButtons.getChildren().add(button);
        }

        // Two groups that wrap onto a second line when the window is narrow, instead of cutting
        // the buttons down to "Re…" and "Fla…".
        HBox scope = new HBox(8, new FontIcon("mdi2f-filter-outline"), nodes, containers, processes, byProcess);
        scope.setAlignment(Pos.CENTER_LEFT);
        HBox find = new HBox(8, new FontIcon("mdi2m-magnify"), search, regex, matched, modeButtons);
        find.setAlignment(Pos.CENTER_LEFT);
        FlowPane bar = new FlowPane(16, 6, scope, find);
        bar.setId("flame-toolbar");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private static <T> ChoiceBox<ScopeChoice<T>> choiceBox(String id, javafx.collections.ObservableList<ScopeChoice<T>> items,
                                                           javafx.beans.property.ObjectProperty<ScopeChoice<T>> selected) {
        ChoiceBox<ScopeChoice<T>> box = new ChoiceBox<>(items);
        box.setId(id);
        box.setMaxWidth(220);
        bindScope(box.valueProperty(), items, selected);
        return box;
    }

    private static <T> ComboBox<ScopeChoice<T>> comboBox(String id, javafx.collections.ObservableList<ScopeChoice<T>> items,
                                                         javafx.beans.property.ObjectProperty<ScopeChoice<T>> selected) {
        ComboBox<ScopeChoice<T>> box = new ComboBox<>(items);
        box.setId(id);
        box.setMaxWidth(240);
        box.setVisibleRowCount(16);
        bindScope(box.valueProperty(), items, selected);
        return box;
    }

    /** Two-way by hand: replacing the items can clear a box's value for a moment, which must not clear the scope. */
    private static <T> void bindScope(javafx.beans.property.ObjectProperty<ScopeChoice<T>> value,
                                      javafx.collections.ObservableList<ScopeChoice<T>> items,
                                      javafx.beans.property.ObjectProperty<ScopeChoice<T>> selected) {
        value.set(selected.get());
        value.addListener((obs, old, now) -> {
            if (now != null) {
                selected.set(now);
            }
        });
        selected.addListener((obs, old, now) -> value.set(now));
        items.addListener((ListChangeListener<ScopeChoice<T>>) c -> value.set(selected.get()));
    }

    private Node breadcrumbBar() {
        Button reset = new Button("Reset zoom", new FontIcon("mdi2m-magnify-minus-outline"));
        reset.setId("flame-reset-zoom");
        reset.setMinWidth(Region.USE_PREF_SIZE);
        reset.setTooltip(new Tooltip("Show the whole graph again"));
        reset.setOnAction(e -> vm.resetZoom());
        reset.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.zoomPath()));
        breadcrumb.setId("flame-breadcrumb");
        breadcrumb.setAlignment(Pos.CENTER_LEFT);
        vm.zoomPath().addListener((ListChangeListener<String>) c -> showBreadcrumb());
        showBreadcrumb();
        HBox bar = new HBox(8, reset, breadcrumb);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private void showBreadcrumb() {
        breadcrumb.getChildren().clear();
        Hyperlink all = new Hyperlink("all");
        all.setOnAction(e -> vm.zoomToDepth(0));
        breadcrumb.getChildren().add(all);
        for (int i = 0; i < vm.zoomPath().size(); i++) {
            int depth = i + 1;
            Hyperlink link = new Hyperlink(shorten(vm.zoomPath().get(i)));
            link.setOnAction(e -> vm.zoomToDepth(depth));
            breadcrumb.getChildren().addAll(new Label("›"), link);
        }
    }

    private static String shorten(String name) {
        return name.length() <= 40 ? name : name.substring(0, 39) + "…";
    }

    private Node footer() {
        FlowPane legend = new FlowPane(12, 4);
        legend.setId("flame-legend");
        for (FrameCategory category : FrameCategory.values()) {
            legend.getChildren().add(swatch(FlameColors.base(category), category.title()));
        }
        legend.getChildren().add(swatch(FlameColors.ELIDED, "… too narrow to draw"));
        legend.getChildren().add(swatch(FlameColors.MATCH, "search match"));
        Label summary = new Label();
        summary.setId("flame-summary");
        summary.getStyleClass().add("muted");
        summary.setWrapText(true);
        summary.textProperty().bind(vm.summaryProperty());
        Label problem = new Label();
        problem.setId("flame-search-problem");
        problem.getStyleClass().add("lost");
        problem.textProperty().bind(vm.searchProblemProperty());
        problem.managedProperty().bind(problem.textProperty().isNotEmpty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox footer = new HBox(12, legend, spacer, problem, summary);
        footer.setAlignment(Pos.CENTER_LEFT);
        footer.setPadding(new Insets(4, 0, 0, 0));
        return footer;
    }

    private static Label swatch(Color color, String text) {
        Rectangle box = new Rectangle(12, 12, color);
        box.setStroke(color.darker());
        return new Label(text, box);
    }

    /** Puts the cursor in the search box (the page's "find" shortcut). */
    public void focusSearch() {
        SearchBoxes.focus(search);
    }

    FlameCanvas canvas() {
        return canvas;
    }
}
