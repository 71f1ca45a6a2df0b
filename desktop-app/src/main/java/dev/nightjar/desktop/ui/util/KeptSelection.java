package dev.nightjar.desktop.ui.util;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.TableView;

/**
 * Keeps a live table's selected rows selected while its rows change. JavaFX's selection model
 * drops a row from the selection when that row is replaced (a flow whose byte counts moved is a
 * new row value) or when the list is replaced whole, so on a busy page the user's highlight and
 * the rows Ctrl+C would copy vanished within a second. This remembers the selection by key and
 * selects the same keys again after each change; a row that left the list leaves the selection.
 * UI thread.
 */
final class KeptSelection<R> {

    private final TableView<R> table;
    private final Function<R, ?> key;
    private Set<Object> chosen = Set.of();
    /** True from a change of the rows until the selection is put back: the model's own clearing is not the user's. */
    private boolean changing;

    KeptSelection(TableView<R> table, Function<R, ?> key) {
        this.table = Objects.requireNonNull(table, "table");
        this.key = Objects.requireNonNull(key, "key");
    }

    /** To add to the table's source rows before anything else listens to them: marks a change as begun. */
    ListChangeListener<R> beforeEachChange() {
        return c -> changing = true;
    }

    /** Call once the table has its items (its selection model listens to them first). */
    void followTheTable() {
        table.getItems().addListener((ListChangeListener<R>) c -> restore());
        table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<R>) c -> remember());
    }

    private void remember() {
        if (changing) {
            return;
        }
        Set<Object> now = new HashSet<>();
        for (R row : table.getSelectionModel().getSelectedItems()) {
            if (row != null) {
                now.add(key.apply(row));
            }
        }
        chosen = now;
    }

    private void restore() {
        try {
            if (chosen.isEmpty()) {
                return;
            }
            ObservableList<R> items = table.getItems();
            List<Integer> at = new ArrayList<>(chosen.size());
            Set<Object> found = new HashSet<>();
            for (int i = 0; i < items.size() && at.size() < chosen.size(); i++) {
                Object k = key.apply(items.get(i));
                if (chosen.contains(k)) {
                    at.add(i);
                    found.add(k);
                }
            }
            List<Integer> selected = table.getSelectionModel().getSelectedIndices();
            if (selected.size() == at.size() && selected.containsAll(at)) {
                return;
            }
            table.getSelectionModel().clearSelection();
            for (int i : at) {
                table.getSelectionModel().select(i);
            }
            chosen = found;
        } finally {
            changing = false;
        }
    }
}
