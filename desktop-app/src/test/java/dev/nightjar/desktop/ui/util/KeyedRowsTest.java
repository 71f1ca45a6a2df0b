package dev.nightjar.desktop.ui.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import org.junit.jupiter.api.Test;

class KeyedRowsTest {

    private record Row(int id, long bytes) {
    }

    private final KeyedRows<Row> rows = new KeyedRows<>(Row::id);
    private final List<ListChangeListener.Change<? extends Row>> changes = new ArrayList<>();

    private static List<Row> rows(int n, long bytes) {
        return IntStream.range(0, n).mapToObj(i -> new Row(i, bytes)).toList();
    }

    @Test
    void aFewChangedRowsArriveAsOneChangeThatTouchesOnlyThem() {
        rows.apply(rows.diff(rows(1_000, 1)));
        rows.rows().addListener((ListChangeListener<Row>) changes::add);
        List<Row> next = new ArrayList<>(rows(1_000, 1));
        next.set(10, new Row(10, 99));
        next.remove(500);
        next.add(new Row(5_000, 7));

        KeyedRows.Patch<Row> patch = rows.diff(next);
        assertThat(patch.replaceAll()).isFalse();
        assertThat(patch.changes()).isEqualTo(3);
        rows.apply(patch);

        assertThat(changes).as("one change event").hasSize(1);
        assertThat(rows.rows()).containsExactlyInAnyOrderElementsOf(next);
        assertThat(rows.find(10)).contains(new Row(10, 99));
        assertThat(rows.find(500)).isEmpty();
    }

    @Test
    void nothingChangedNothingFired() {
        rows.apply(rows.diff(rows(100, 1)));
        rows.rows().addListener((ListChangeListener<Row>) changes::add);
        KeyedRows.Patch<Row> patch = rows.diff(rows(100, 1));
        assertThat(patch.changes()).isZero();
        rows.apply(patch);
        assertThat(changes).isEmpty();
    }

    @Test
    void whenMostRowsChangedItIsOneReplacement() {
        rows.apply(rows.diff(rows(4_000, 1)));
        KeyedRows.Patch<Row> patch = rows.diff(rows(4_000, 2));
        assertThat(patch.replaceAll()).isTrue();
        rows.apply(patch);
        assertThat(rows.rows()).allSatisfy(r -> assertThat(r.bytes()).isEqualTo(2));
    }

    @Test
    void aSortedListInFrontStaysSortedAsRowsChange() {
        SortedList<Row> sorted = new SortedList<>(rows.rows(), java.util.Comparator.comparingLong(Row::bytes)
                .thenComparingInt(Row::id));
        rows.apply(rows.diff(IntStream.range(0, 200).mapToObj(i -> new Row(i, i)).toList()));
        List<Row> next = new ArrayList<>(IntStream.range(0, 200).mapToObj(i -> new Row(i, i)).toList());
        next.set(3, new Row(3, 1_000));
        next.set(150, new Row(150, -1));
        rows.apply(rows.diff(next));
        assertThat(sorted.getFirst()).isEqualTo(new Row(150, -1));
        assertThat(sorted.getLast()).isEqualTo(new Row(3, 1_000));
        assertThat(sorted).isSortedAccordingTo(sorted.getComparator());
    }

    @Test
    void aPatchMadeFromAnOlderListIsAppliedAsAReplacement() {
        rows.apply(rows.diff(rows(10, 1)));
        KeyedRows.Patch<Row> stale = rows.diff(rows(10, 2));
        rows.apply(rows.diff(rows(5, 3)));
        rows.apply(stale);
        assertThat(rows.rows()).containsExactlyInAnyOrderElementsOf(rows(10, 2));
    }
}
