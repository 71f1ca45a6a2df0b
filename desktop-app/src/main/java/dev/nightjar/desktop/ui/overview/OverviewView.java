package dev.nightjar.desktop.ui.overview;

import dev.nightjar.desktop.overview.NodeOverview;
import dev.nightjar.desktop.ui.util.NoSelection;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;

/**
 * The Overview: a card per node, virtualised so a hundred nodes stay cheap. The list only
 * lays the cards out: nothing in it is selectable (a card's links do the navigating).
 */
public final class OverviewView extends BorderPane {

    public OverviewView(OverviewViewModel viewModel) {
        getStyleClass().add("overview");
        ListView<NodeOverview> list = new ListView<>(viewModel.nodes());
        list.setId("overview-nodes");
        list.setSelectionModel(new NoSelection<>());
        list.setFocusTraversable(false);
        list.setPlaceholder(new Label("No node has reported yet."));
        list.setCellFactory(v -> new ListCell<>() {
            // One card per cell, kept: a refresh updates its lines rather than building them again.
            private final NodeCard card = new NodeCard(viewModel);

            @Override
            protected void updateItem(NodeOverview item, boolean empty) {
                super.updateItem(item, empty);
                setText(null);
                if (empty || item == null) {
                    setGraphic(null);
                } else {
                    card.show(item);
                    setGraphic(card);
                }
            }
        });
        // A stopped session: every card says its features stopped.
        viewModel.stoppedProperty().addListener((obs, was, now) -> list.refresh());
        setCenter(list);
    }
}
