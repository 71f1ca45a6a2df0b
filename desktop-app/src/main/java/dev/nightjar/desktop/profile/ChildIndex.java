package dev.nightjar.desktop.profile;

import java.util.Arrays;

/**
 * (parent node, frame name id) → child node while a tree is built: an open-addressing
 * table of primitive longs, because a boxed map lookup per frame of every stack
 * dominated building a large profile.
 */
final class ChildIndex {

    private static final long EMPTY = -1L;

    private long[] keys = new long[1 << 12];
    private int[] values = new int[1 << 12];
    private int size;

    ChildIndex() {
        Arrays.fill(keys, EMPTY);
    }

    private static long key(int parent, int nameId) {
        // Both are non-negative, so a key is never EMPTY.
        return ((long) parent << 32) | nameId;
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29)) & mask;
    }

    /** The child, or -1. */
    int get(int parent, int nameId) {
        long key = key(parent, nameId);
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == EMPTY) {
                return -1;
            }
        }
    }

    void put(int parent, int nameId, int child) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        insert(key(parent, nameId), child);
        size++;
    }

    private void insert(long key, int value) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (keys[i] != EMPTY) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldValues.length * 2];
        Arrays.fill(keys, EMPTY);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                insert(oldKeys[i], oldValues[i]);
            }
        }
    }
}
