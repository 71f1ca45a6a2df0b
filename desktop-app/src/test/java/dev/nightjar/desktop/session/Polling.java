package dev.nightjar.desktop.session;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting for something a session does on its own threads: checked every 50 ms, bounded. */
final class Polling {

    private Polling() {
    }

    /** Returns once {@code condition} holds; after {@code wait} fails with "no {what} within …; {context}". */
    static void await(BooleanSupplier condition, Duration wait, String what, Supplier<String> context)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + wait.toSeconds() + " s; " + context.get());
            }
            Thread.sleep(50);
        }
    }
}
