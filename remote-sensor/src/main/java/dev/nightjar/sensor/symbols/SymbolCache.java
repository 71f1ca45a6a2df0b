package dev.nightjar.sensor.symbols;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Symbol tables by key (a binary's build id or dev:inode, a process's perf map), least recently
 * used first out, bounded by the tables' estimated bytes. A table bigger than the whole bound is
 * used by the caller but not kept. Not thread-safe: the symbolizer guards it.
 */
final class SymbolCache<V extends CachedTable> {

    private final long limitBytes;
    private final LinkedHashMap<String, V> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;
    private long evictions;

    SymbolCache(long limitBytes) {
        if (limitBytes < 1) {
            throw new IllegalArgumentException("symbol cache limit must be at least 1 byte, was " + limitBytes);
        }
        this.limitBytes = limitBytes;
    }

    V get(String key) {
        return entries.get(key);
    }

    /** Keeps the value, evicting the least recently used until the bound holds; returns the value. */
    V put(String key, V value) {
        remove(key);
        long size = value.estimatedBytes();
        if (size > limitBytes) {
            evictions++; // never held: counted, so a too-small bound shows
            return value;
        }
        Iterator<Map.Entry<String, V>> eldest = entries.entrySet().iterator();
        while (bytes + size > limitBytes && eldest.hasNext()) {
            bytes -= eldest.next().getValue().estimatedBytes();
            eldest.remove();
            evictions++;
        }
        entries.put(key, value);
        bytes += size;
        return value;
    }

    void remove(String key) {
        V old = entries.remove(key);
        if (old != null) {
            bytes -= old.estimatedBytes();
        }
    }

    void clear() {
        entries.clear();
        bytes = 0;
    }

    int size() {
        return entries.size();
    }

    /** How many held values are of a type. */
    int count(Class<? extends V> type) {
        int n = 0;
        for (V value : entries.values()) {
            n += type.isInstance(value) ? 1 : 0;
        }
        return n;
    }

    long bytes() {
        return bytes;
    }

    long evictions() {
        return evictions;
    }

    long limitBytes() {
        return limitBytes;
    }
}
