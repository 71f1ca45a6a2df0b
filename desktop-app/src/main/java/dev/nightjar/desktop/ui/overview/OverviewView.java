package dev.nightjar.desktop.ui.overview;

import dev.nightjar.desktop.overview.NodeOverview;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;

/** The Overview: a card per node, virtualised so a hundred nodes stay cheap. */
public final class OverviewView extends BorderPane {

    public OverviewView(OverviewViewModel viewModel) {
        getStyleClass().add("overview");
        ListView<NodeOverview> list = new ListView<>(viewModel.nodes());
        list.setId("overview-nodes");
        list.setPlaceholder(new javafx.scene.control.Label("No node has reported yet."));
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(NodeOverview item, boolean empty) {
                super.updateItem(item, empty);
                setText(null);
                setGraphic(empty || item == null ? null : new NodeCard(item));
            }
        });
        setCenter(list);
    }
}
