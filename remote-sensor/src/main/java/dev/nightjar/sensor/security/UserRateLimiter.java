package dev.nightjar.sensor.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rate limit of the hooks matched in user space (exec, privilege, namespace, syscalls):
 * per (policy, process), {@code burst} events per window, the rest counted and handed back as
 * suppressed counts by {@link #takeSuppressed()}. Bounded: the least recently used keys go
 * first, their counts reported at the next take. Used from one thread.
 */
final class UserRateLimiter {

    record Key(String policy, int pid) {
    }

    record Suppressed(Key key, long count) {
    }

    private static final int MAX_KEYS = 8192;

    private final int burst;
    private final long windowNs;
    private final List<Suppressed> evicted = new ArrayList<>();
    private final Map<Key, long[]> state = new LinkedHashMap<>(256, 0.75f, true) { // {window start, in window, suppressed}
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, long[]> eldest) {
            if (size() > MAX_KEYS) {
                if (eldest.getValue()[2] > 0) {
                    evicted.add(new Suppressed(eldest.getKey(), eldest.getValue()[2]));
                }
                return true;
            }
            return false;
        }
    };

    UserRateLimiter(int burst, long windowNs) {
        this.burst = burst;
        this.windowNs = windowNs;
    }

    boolean admit(Key key, long nowNs) {
        long[] s = state.computeIfAbsent(key, k -> new long[] {nowNs, 0, 0});
        if (nowNs - s[0] > windowNs) {
            s[0] = nowNs;
            s[1] = 0;
        }
        if (s[1]++ < burst) {
            return true;
        }
        s[2]++;
        return false;
    }

    List<Suppressed> takeSuppressed() {
        List<Suppressed> taken = new ArrayList<>(evicted);
        evicted.clear();
        for (Map.Entry<Key, long[]> e : state.entrySet()) {
            if (e.getValue()[2] > 0) {
                taken.add(new Suppressed(e.getKey(), e.getValue()[2]));
                e.getValue()[2] = 0;
            }
        }
        return taken;
    }
}
