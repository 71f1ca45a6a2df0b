package dev.nightjar.protocol.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Sends a server stream only while the transport says it is ready, pulling
 * messages from a source that the caller keeps bounded.
 *
 * <p>Draining happens both from gRPC's on-ready handler and from producers
 * calling {@link #signal()}; a work-in-progress counter makes sure only one
 * thread calls {@code onNext} at a time and that no signal is lost. While the
 * client is slow the source fills up and its owner decides what to drop and
 * count: this class never buffers anything itself.
 *
 * <p>{@link #complete()} also goes through the drain loop, so {@code onCompleted}
 * can never race an {@code onNext} running on another thread (a
 * {@code StreamObserver} is not thread-safe).
 */
public final class FlowControlledSender<T> {

    private final ServerCallStreamObserver<T> observer;
    private final Supplier<T> source;
    private final AtomicInteger workInProgress = new AtomicInteger();
    private volatile boolean cancelled;
    private volatile boolean completeRequested;
    private boolean completed; // only touched inside the drain loop

    /**
     * @param source returns the next message to send, or {@code null} when none is waiting
     * @param onCancel runs once when the client cancels or disconnects
     */
    public FlowControlledSender(ServerCallStreamObserver<T> observer, Supplier<T> source, Runnable onCancel) {
        this.observer = Objects.requireNonNull(observer, "observer");
        this.source = Objects.requireNonNull(source, "source");
        Objects.requireNonNull(onCancel, "onCancel");
        observer.setOnCancelHandler(() -> {
            cancelled = true;
            onCancel.run();
        });
        observer.setOnReadyHandler(this::signal);
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Tells the sender that the source may have something new. Safe from any thread. */
    public void signal() {
        if (workInProgress.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            drainWhileReady();
            missed = workInProgress.addAndGet(-missed);
        } while (missed != 0);
    }

    private void drainWhileReady() {
        while (!cancelled && !completed) {
            if (completeRequested) {
                completed = true;
                observer.onCompleted();
                return;
            }
            if (!observer.isReady()) {
                return;
            }
            T next = source.get();
            if (next == null) {
                return;
            }
            observer.onNext(next);
        }
    }

    /**
     * Ends the stream normally; messages the source still holds are not sent and
     * later signals do nothing. Safe from any thread, including from inside the
     * source while it is being drained.
     */
    public void complete() {
        completeRequested = true;
        signal();
    }
}
