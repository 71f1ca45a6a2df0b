package dev.nightjar.sensor.collect;

/**
 * Frees a collector's kernel objects once, and never while a flush or a poll is using
 * them. Every job that touches them runs between {@link #enter()} and {@link #exit()};
 * {@link #free()} frees at once when no job is inside, and otherwise leaves it to the
 * last job out. Once {@link #free()} was called no job enters again, so a job that was
 * queued behind a stuck one finds the objects gone and does nothing.
 *
 * <p>Why not free after a timeout: a job still inside may be reading a ring buffer's
 * mapping or passing a map's fd to the kernel; freeing under it reads unmapped memory
 * (a JVM crash) or a reused fd (another object's data).
 */
final class NativeUse {

    private final Runnable release;
    private int inside;
    private boolean freeing;
    private boolean freed;

    /** @param release frees the objects; runs once, on the thread that calls free() or the last one out */
    NativeUse(Runnable release) {
        this.release = release;
    }

    /** Enters, unless freeing has begun: then returns false and the caller must not touch the objects. */
    synchronized boolean enter() {
        if (freeing) {
            return false;
        }
        inside++;
        return true;
    }

    /** Leaves; the last job out after {@link #free()} was called frees the objects. */
    void exit() {
        boolean last;
        synchronized (this) {
            inside--;
            last = freeing && inside == 0 && !freed;
            freed |= last;
        }
        if (last) {
            release.run();
        }
    }

    /**
     * Frees now if no job is inside, else when the last one leaves. Later calls do nothing.
     *
     * @return true when the objects are freed (now or before); false when a job still inside will free them
     */
    boolean free() {
        synchronized (this) {
            freeing = true;
            if (freed || inside > 0) {
                return freed;
            }
            freed = true;
        }
        release.run();
        return true;
    }
}
