package dev.nightjar.sensor.requests.parse;

import java.util.Iterator;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/** Ends the requests that waited too long, for parsers that keep them in arrival order. */
public final class PendingExpiry {

    private PendingExpiry() {
    }

    /**
     * Removes from the front of {@code pending} (oldest first) every entry that started
     * {@code timeoutNs} or more before {@code nowNs}, handing each to {@code end}; stops at the
     * first younger one.
     */
    public static <T> void expire(Iterator<T> pending, ToLongFunction<T> startNs, long nowNs, long timeoutNs,
                                  Consumer<T> end) {
        while (pending.hasNext()) {
            T p = pending.next();
            if (nowNs - startNs.applyAsLong(p) < timeoutNs) {
                return;
            }
            pending.remove();
            end.accept(p);
        }
    }
}
