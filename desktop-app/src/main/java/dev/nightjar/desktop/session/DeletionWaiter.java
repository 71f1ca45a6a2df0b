package dev.nightjar.desktop.session;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls until something is gone or a deadline passes (API deletions are asynchronous). */
final class DeletionWaiter {

    private static final long POLL_MILLIS = 200;

    private DeletionWaiter() {
    }

    /** @return true if {@code gone} became true before the deadline */
    static boolean await(BooleanSupplier gone, long deadlineNanos) {
        while (true) {
            if (gone.getAsBoolean()) {
                return true;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return gone.getAsBoolean();
            }
        }
    }

    static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }
}
