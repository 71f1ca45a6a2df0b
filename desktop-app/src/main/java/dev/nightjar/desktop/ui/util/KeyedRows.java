package dev.nightjar.desktop.ui.util;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The rows a table shows, kept in step with each new build by a small change instead of a
 * whole new list. The diff is worked out where the build runs ({@link #diff}), against what
 * the list holds after the last apply; the UI thread only carries it out ({@link #apply}):
 * the rows whose content changed are replaced in place, vanished ones removed, new ones
 * appended — one change event. The order of the list itself means nothing: the table sorts
 * it (a {@code SortedList} in front of the table, see {@link Columns#sortable}),
 * so the user's sort survives every refresh and a new row is inserted where it sorts.
 *
 * <p>When many rows changed anyway, the patch is a plain replacement (one change, one sort):
 * see {@link #patchLimit}.
 *
 * @param <R> a row: an immutable value whose {@code equals} says whether it changed
 */
public final class KeyedRows<R> {

    private final Function<R, ?> key;
    private final PatchableList<R> list = new PatchableList<>();
    private final ObservableList<R> view = FXCollections.unmodifiableObservableList(list);
    // What the list holds after the last apply, and by key; written on the UI thread, read by builds.
    private volatile List<R> shown = List.of();
    private volatile Map<Object, R> shownByKey = Map.of();

    /** @param key what identifies a row across refreshes (a flow id with its node, a reason name) */
    public KeyedRows(Function<R, ?> key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    /**
     * What turns the shown rows into {@code next}: any thread (in the app, the build's).
     * Builds run one at a time and the next starts only after the previous was applied
     * (see {@code StoreRefresher}), so "shown" is what the UI thread will patch.
     */
    public Patch<R> diff(List<R> next) {
        List<R> base = shown;
        Map<Object, Integer> at = new HashMap<>(base.size() * 2);
        for (int i = 0; i < base.size(); i++) {
            at.put(key.apply(base.get(i)), i);
        }
        boolean[] kept = new boolean[base.size()];
        List<Integer> setIndexes = new ArrayList<>();
        List<R> setRows = new ArrayList<>();
        List<R> added = new ArrayList<>();
        Map<Object, Boolean> seen = new HashMap<>(next.size() * 2);
        for (R row : next) {
            Object k = key.apply(row);
            if (seen.put(k, Boolean.TRUE) != null) {
                // Two rows with one key: not a keyed list; replace it whole.
                return replacing(base, next);
            }
            Integer i = at.get(k);
            if (i == null) {
                added.add(row);
            } else {
                kept[i] = true;
                if (!row.equals(base.get(i))) {
                    setIndexes.add(i);
                    setRows.add(row);
                }
            }
        }
        int removed = 0;
        for (boolean k : kept) {
            removed += k ? 0 : 1;
        }
        int changes = setIndexes.size() + removed + added.size();
        if (changes == 0) {
            return new Patch<>(base, base, shownByKey, false, new int[0], List.of(), new int[0], List.of());
        }
        if (changes > patchLimit(Math.max(base.size(), next.size()))) {
            return replacing(base, next);
        }
        int[] sets = setIndexes.stream().mapToInt(Integer::intValue).toArray();
        int[] removes = new int[removed];
        List<R> after = new ArrayList<>(next.size());
        for (int i = base.size() - 1, r = 0; i >= 0; i--) {
            if (!kept[i]) {
                removes[r++] = i;
            }
        }
        // The list as apply leaves it: survivors in place (updated), then the new rows.
        Map<Integer, R> updated = new HashMap<>();
        for (int i = 0; i < sets.length; i++) {
            updated.put(sets[i], setRows.get(i));
        }
        for (int i = 0; i < base.size(); i++) {
            if (kept[i]) {
                after.add(updated.getOrDefault(i, base.get(i)));
            }
        }
        after.addAll(added);
        return new Patch<>(base, List.copyOf(after), byKey(after), false, sets, List.copyOf(setRows), removes,
                List.copyOf(added));
    }

    private Patch<R> replacing(List<R> base, List<R> next) {
        return new Patch<>(base, List.copyOf(next), byKey(next), true, new int[0], List.of(), new int[0], List.of());
    }

    private Map<Object, R> byKey(List<R> rows) {
        Map<Object, R> map = new HashMap<>(rows.size() * 2);
        for (R row : rows) {
            map.put(key.apply(row), row);
        }
        return map;
    }

    /**
     * How many changed rows a patch may carry before a replacement is cheaper. The sorted list in
     * front of a table places each changed row with a binary search but then shifts and renumbers
     * its index arrays, O(rows) per changed row; a replacement re-sorts once, O(rows · log rows)
     * comparisons, and only O(rows) when the rows come in the table's order already (the Requests
     * page's newest first). Measured on the FX-free lists at 50,000 rows (2026-12-04, docs/PERFORMANCE.md):
     * a patch costs about 0.2 ms per changed row, a replacement 20 ms in a column's order and 3 ms
     * presorted; so a patch pays up to about 100 changed rows there, ~6 · log2(rows).
     */
    static int patchLimit(int rows) {
        return Math.max(8, 6 * (32 - Integer.numberOfLeadingZeros(Math.max(1, rows))));
    }

    /** Carries a patch out on the UI thread: one change event, or none when nothing changed. */
    public void apply(Patch<R> patch) {
        if (patch.base() != shown) {
            // Not made from what is shown (a build was skipped): replace rather than guess.
            list.setAll(patch.after());
        } else if (patch.replaceAll()) {
            list.setAll(patch.after());
        } else if (patch.changes() > 0) {
            list.apply(patch.setIndexes(), patch.setRows(), patch.removeDescending(), patch.added());
        }
        shown = patch.after();
        shownByKey = patch.byKey();
    }

    /** Shows exactly {@code rows}, e.g. when the page is cleared. UI thread. */
    public void replace(List<R> rows) {
        apply(replacing(shown, rows));
    }

    /** The row shown under {@code key} (e.g. to keep a selection across refreshes). */
    public java.util.Optional<R> find(Object key) {
        return java.util.Optional.ofNullable(shownByKey.get(key));
    }

    /** The rows, unsorted, unmodifiable: put a {@code SortedList} in front for a table. */
    public ObservableList<R> rows() {
        return view;
    }

    /**
     * A change from one list of rows to the next.
     *
     * @param after            the list as the apply leaves it (the next diff's base)
     * @param byKey            {@code after} by key
     * @param replaceAll       true: {@code after} replaces the list in one change
     * @param setIndexes       rows replaced in place, by index in {@code base}
     * @param removeDescending rows removed, by index in {@code base}, highest first
     * @param added            rows appended
     */
    public record Patch<R>(List<R> base, List<R> after, Map<Object, R> byKey, boolean replaceAll, int[] setIndexes,
                           List<R> setRows, int[] removeDescending, List<R> added) {

        /** Rows replaced, removed or added (for a replacement: every row of the new list). */
        public int changes() {
            return replaceAll ? after.size() : setIndexes.length + removeDescending.length + added.size();
        }
    }
}
