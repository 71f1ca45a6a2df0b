package dev.nightjar.desktop.ui.util;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.ModifiableObservableListBase;

/**
 * An observable list that takes many changes as one: {@link #apply(KeyedRows.Patch)} updates,
 * removes and adds rows and tells its listeners once, so a table (and the {@code SortedList}
 * in front of it) handles one change event however many rows moved, and redraws only the rows
 * that changed.
 */
final class PatchableList<E> extends ModifiableObservableListBase<E> {

    private final ArrayList<E> rows = new ArrayList<>();

    /** Replaced rows (by index), then removals (descending indexes), then additions at the end: one change. */
    void apply(int[] setIndexes, List<E> setRows, int[] removeDescending, List<E> added) {
        beginChange();
        try {
            for (int i = 0; i < setIndexes.length; i++) {
                int at = setIndexes[i];
                E old = rows.set(at, setRows.get(i));
                nextSet(at, old);
            }
            for (int at : removeDescending) {
                E old = rows.remove(at);
                nextRemove(at, old);
            }
            if (!added.isEmpty()) {
                int from = rows.size();
                rows.addAll(added);
                nextAdd(from, rows.size());
            }
        } finally {
            endChange();
        }
    }

    /**
     * One change, in linear time: the inherited {@code setAll} clears by removing one row at a
     * time from the front, which shifts the whole list each time (quadratic in its size).
     */
    @Override
    public boolean setAll(java.util.Collection<? extends E> all) {
        beginChange();
        try {
            if (!rows.isEmpty()) {
                List<E> old = new ArrayList<>(rows);
                rows.clear();
                nextRemove(0, old);
            }
            rows.addAll(all);
            if (!rows.isEmpty()) {
                nextAdd(0, rows.size());
            }
        } finally {
            endChange();
        }
        return true;
    }

    @Override
    public E get(int index) {
        return rows.get(index);
    }

    @Override
    public int size() {
        return rows.size();
    }

    @Override
    protected void doAdd(int index, E element) {
        rows.add(index, element);
    }

    @Override
    protected E doSet(int index, E element) {
        return rows.set(index, element);
    }

    @Override
    protected E doRemove(int index) {
        return rows.remove(index);
    }
}
