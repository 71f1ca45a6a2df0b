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
     * Shows {@code rows} in {@code table} sorted by whatever column the user clicked (or the
     * given default), with the sort kept as rows change: a {@link SortedList} bound to the
     * table's comparator sorts, and inserts new rows in place.
     *
     * @param defaultSort the column sorted by until the user picks another; null for none
     */
    public static <R> void sortable(TableView<R> table, ObservableList<R> rows, TableColumn<R, ?> defaultSort,
                                    TableColumn.SortType direction) {
        SortedList<R> sorted = new SortedList<>(rows);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        if (defaultSort != null) {
            defaultSort.setSortType(direction);
            table.getSortOrder().setAll(java.util.List.of(defaultSort));
        }
    }
}
