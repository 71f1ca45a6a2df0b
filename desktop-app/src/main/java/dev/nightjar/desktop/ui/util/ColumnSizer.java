package dev.nightjar.desktop.ui.util;

import javafx.collections.ListChangeListener;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * Sizes a table's columns to their content: each column as wide as its header and the
 * widest of the first rows' texts, within bounds. Done once, when the first rows arrive
 * (a live table's columns do not jump about after that), and again on demand. The table's
 * resize policy then only hands out the room left over, so a Source column is wide enough
 * for an address and its port, and what still does not fit has a tooltip ({@link TruncatedCell}).
 */
public final class ColumnSizer {

    /** Rows measured: enough to see the usual widths, bounded so sizing stays a one-off few ms. */
    static final int SAMPLE_ROWS = 60;
    private static final double PADDING = 22;
    private static final double MIN = 36;
    private static final double MAX = 460;

    private ColumnSizer() {
    }

    /** Sizes {@code table}'s columns when it first has rows. UI thread. */
    public static <R> void fitWhenFilled(TableView<R> table) {
        if (!table.getItems().isEmpty()) {
            fit(table);
            return;
        }
        ListChangeListener<R> once = new ListChangeListener<>() {
            @Override
            public void onChanged(Change<? extends R> c) {
                if (!table.getItems().isEmpty()) {
                    table.getItems().removeListener(this);
                    fit(table);
                }
            }
        };
        table.getItems().addListener(once);
    }

    /** Sizes every leaf column to its header and the first {@link #SAMPLE_ROWS} rows. UI thread. */
    public static <R> void fit(TableView<R> table) {
        Text measure = new Text();
        measure.setFont(fontOf(table));
        int rows = Math.min(SAMPLE_ROWS, table.getItems().size());
        for (TableColumn<R, ?> column : table.getVisibleLeafColumns()) {
            if (!column.isResizable()) {
                continue;
            }
            double width = widthOf(measure, column.getText()) + 14; // room for the sort arrow
            if (column.getCellFactory() != null && column.getProperties().containsKey(Columns.FORMAT)) {
                for (int i = 0; i < rows; i++) {
                    width = Math.max(width, widthOf(measure, Columns.textOf(column, table.getItems().get(i))));
                }
            } else {
                width = Math.max(width, column.getPrefWidth() - PADDING);
            }
            column.setPrefWidth(Math.clamp(width + PADDING, MIN, MAX));
        }
    }

    private static double widthOf(Text measure, String text) {
        measure.setText(text == null ? "" : text);
        return measure.getLayoutBounds().getWidth();
    }

    /** The font the table's cells draw with (after CSS), or the default before the first layout. */
    private static Font fontOf(TableView<?> table) {
        return table.lookup(".table-cell") instanceof Labeled cell ? cell.getFont() : Font.getDefault();
    }
}
