package dev.nightjar.desktop.ui.util;

import java.util.List;
import java.util.StringJoiner;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;

/**
 * Ctrl+C on a table copies its selected rows as text: a header line, then one line per row,
 * cells as the table shows them (visible columns, in their order), separated by tabs — so
 * the rows paste into a chat, a ticket or a spreadsheet as they looked.
 */
public final class TableCopy {

    private static final KeyCombination COPY = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);

    private TableCopy() {
    }

    /** Lets the user select several rows and copy them with Ctrl+C. */
    public static <R> void install(TableView<R> table) {
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (COPY.match(e)) {
                copySelected(table);
                e.consume();
            }
        });
    }

    /** Puts the selected rows on the clipboard; returns the text (empty when nothing is selected). */
    public static <R> String copySelected(TableView<R> table) {
        String text = asText(table, table.getSelectionModel().getSelectedItems());
        if (!text.isEmpty()) {
            ClipboardContent content = new ClipboardContent();
            content.putString(text);
            Clipboard.getSystemClipboard().setContent(content);
        }
        return text;
    }

    /** {@code rows} as the table shows them, with a header line; empty for no rows. */
    public static <R> String asText(TableView<R> table, List<? extends R> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        List<TableColumn<R, ?>> columns = table.getVisibleLeafColumns();
        StringBuilder out = new StringBuilder();
        StringJoiner header = new StringJoiner("\t");
        columns.forEach(c -> header.add(c.getText()));
        out.append(header).append('\n');
        for (R row : List.copyOf(rows)) {
            StringJoiner line = new StringJoiner("\t");
            for (TableColumn<R, ?> c : columns) {
                line.add(Columns.textOf(c, row).replace('\t', ' ').replace('\n', ' '));
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }
}
