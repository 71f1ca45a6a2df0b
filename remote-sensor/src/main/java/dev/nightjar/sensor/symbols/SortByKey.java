package dev.nightjar.sensor.symbols;

/** A stable merge sort of indexes by unsigned long keys: no boxing for tables of a million symbols. */
final class SortByKey {

    private SortByKey() {
    }

    /** Indexes 0..count-1 ordered by {@code keys[i]} (unsigned), equal keys in index order. */
    static int[] sortedIndexes(long[] keys, int count) {
        int[] a = new int[count];
        for (int i = 0; i < count; i++) {
            a[i] = i;
        }
        int[] b = new int[count];
        for (int width = 1; width < count; width *= 2) {
            for (int lo = 0; lo < count; lo += 2 * width) {
                int mid = Math.min(lo + width, count);
                int hi = Math.min(lo + 2 * width, count);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    b[k++] = Long.compareUnsigned(keys[a[j]], keys[a[i]]) < 0 ? a[j++] : a[i++];
                }
                while (i < mid) {
                    b[k++] = a[i++];
                }
                while (j < hi) {
                    b[k++] = a[j++];
                }
            }
            int[] swap = a;
            a = b;
            b = swap;
        }
        return a;
    }
}
