package dev.nightjar.desktop.ui.util;

import java.util.Comparator;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/**
 * Read-only table columns computed from the row. Every cell shows its full text as a
 * tooltip when the column is too narrow for it ({@link TruncatedCell}), and numbers, times
 * and durations sort as numbers, not as the text they are shown as.
 */
public final class Columns {

    /** Where a column keeps how it turns a value into text, for {@link ColumnSizer} and {@link TableCopy}. */
    static final String FORMAT = "nightjar.column.format";
    /** Where a column keeps the function that reads its value from a row, for fast sorting. */
    static final String VALUE = "nightjar.column.value";
    /** Every table row's height in pixels: one line of the 13 px font with the cell padding. */
    public static final double ROW_HEIGHT = 24;

    private Columns() {
    }

    public static <R> TableColumn<R, String> text(String title, double width, Function<R, String> value) {
        return column(title, width, value, Function.identity(), Comparator.naturalOrder());
    }

    /** A count, byte size or similar: sorted by the number, shown by {@code format}. */
    public static <R> TableColumn<R, Long> number(String title, double width, ToLongFunction<R> value,
                                                  LongFunction<String> format) {
        return column(title, width, r -> value.applyAsLong(r), format::apply, Comparator.naturalOrder());
    }

    /** A column of values of any comparable type, shown by {@code format}. */
    public static <R, V extends Comparable<? super V>> TableColumn<R, V> column(
            String title, double width, Function<R, V> value, Function<V, String> format, Comparator<V> order) {
        TableColumn<R, V> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setCellFactory(col -> new TruncatedCell<>(format));
        c.setComparator(Comparator.nullsFirst(order));
        c.getProperties().put(FORMAT, format);
        c.getProperties().put(VALUE, value);
        return c;
    }

    /** The text a cell of {@code column} shows for {@code row}. */
    @SuppressWarnings("unchecked")
    public static <R> String textOf(TableColumn<R, ?> column, R row) {
        Object value = column.getCellObservableValue(row) == null ? null : column.getCellObservableValue(row).getValue();
        if (value == null) {
            return "";
        }
        Object format = column.getProperties().get(FORMAT);
        return format instanceof Function<?, ?> f ? String.valueOf(((Function<Object, Object>) f).apply(value))
                : String.valueOf(value);
    }

    /**
     * Shows {@code rows} in {@code table} in their own order until the user clicks a column
     * header, then sorted by that column — and kept sorted as rows change: a {@link SortedList}
     * in front of them inserts each changed row where it sorts. The sort compares the columns'
     * values directly (the table's own comparator would build a cell value per comparison,
     * which costs the UI thread tens of milliseconds per refresh of a few thousand rows).
     */
    public static <R> void sortable(TableView<R> table, ObservableList<R> rows) {
        sortable(table, rows, null);
    }

    /**
     * The same for live rows: the rows the user selected stay selected, by {@code key}, while
     * the rows change ({@link KeptSelection}).
     */
    public static <R> void sortable(TableView<R> table, ObservableList<R> rows, Function<R, ?> key) {
        // Rows of one height: the table then never measures a row to place it, which is most of
        // what a live table's layout would cost on every refresh.
        table.setFixedCellSize(ROW_HEIGHT);
        KeptSelection<R> kept = key == null ? null : new KeptSelection<>(table, key);
        if (kept != null) {
            rows.addListener(kept.beforeEachChange()); // before the sorted list listens to the rows
        }
        SortedList<R> sorted = new SortedList<>(rows);
        table.setItems(sorted);
        if (kept != null) {
            kept.followTheTable();
        }
        // The table asks its sort policy whenever the user changes the sort: the sorted list sorts.
        table.setSortPolicy(t -> {
            sorted.setComparator(comparatorOf(table));
            return true;
        });
    }

    /** What the table's sort order says, compared on the columns' values; null when nothing is sorted. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <R> Comparator<R> comparatorOf(TableView<R> table) {
        Comparator<R> all = null;
        for (TableColumn<R, ?> column : table.getSortOrder()) {
            Object reader = column.getProperties().get(VALUE);
            Function<R, Object> value = reader instanceof Function<?, ?> f ? (Function<R, Object>) f
                    : row -> column.getCellData(row);
            Comparator<Object> order = (Comparator<Object>) (Comparator) column.getComparator();
            Comparator<R> one = Comparator.comparing(value, order);
            if (column.getSortType() == TableColumn.SortType.DESCENDING) {
                one = one.reversed();
            }
            all = all == null ? one : all.thenComparing(one);
        }
        return all;
    }
}
