package dev.nightjar.desktop.bench;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.ui.shell.ShellView;
import dev.nightjar.desktop.ui.util.ViewExecutors;
import dev.nightjar.desktop.ui.workbench.CaptureSource;
import dev.nightjar.desktop.ui.workbench.WorkbenchPage;
import dev.nightjar.desktop.ui.workbench.WorkbenchView;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.SensorEvent;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Frame time of the workbench while the store takes a sensor-sized flood.
 *
 * <p>Per page, twice in the same run: idle (nothing fed: the baseline) and loaded (a
 * feeder thread writes {@code rate} events per second of every recorded kind into the
 * store). A frame's work is measured on the FX thread from the pulse's start (the
 * AnimationTimer runs first in a pulse) to the end of its layout pass (a post-layout
 * pulse listener), plus the refresh work the views post with runLater between pulses
 * shows up as longer gaps between pulses; both are reported. Heap is read after a GC at
 * the end of each page, and the store's size is checked against its caps.
 *
 * <p>Run under a real display: {@code desktop-app/src/bench/frame-bench.sh}.
 */
public final class WorkbenchFrameBench {

    private static final int FRAMES_CAP = 100_000;

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        StoreLimits limits = args.length > 2 ? StoreLimits.uniform(Integer.parseInt(args[2]), 8) : StoreLimits.defaults();
        CaptureStore store = new CaptureStore(limits);
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();

        WorkbenchViewModel[] vm = new WorkbenchViewModel[1];
        Scene[] scene = new Scene[1];
        onFx(() -> {
            // as the app runs it: tables built on the refresh thread, applied on the FX thread
            vm[0] = new WorkbenchViewModel(store, new CaptureSource(true, "frame bench", ""),
                    EndpointNamer.ADDRESSES_ONLY, ViewExecutors.withRefreshThread(Platform::runLater));
            scene[0] = new Scene(new WorkbenchView(vm[0], () -> { }, () -> { }), 1366, 768);
            ShellView.applyStyles(scene[0]);
            Stage stage = new Stage();
            stage.setScene(scene[0]);
            stage.show();
        });

        System.out.printf(Locale.ROOT, "rate %,d events/s per kind (%d kinds), %d s per page and mode, store caps %s%n",
                rate, SyntheticEvents.kinds(), seconds, limits.capacityPerKind());
        System.out.println("| page | mode | frames | work p50 ms | work p99 ms | gap p50 ms | gap p99 ms | gaps > 33 ms | heap after GC MiB | events fed |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (WorkbenchPage page : WorkbenchPage.values()) {
            onFx(() -> vm[0].pageProperty().set(page));
            for (boolean loaded : new boolean[] {false, true}) {
                Feeder feeder = loaded ? Feeder.start(store, rate) : null;
                Thread.sleep(2_000); // warm up: first layout, JIT
                FrameProbe probe = FrameProbe.attach(scene[0]);
                Thread.sleep(seconds * 1_000L);
                probe.detach();
                long fed = feeder == null ? 0 : feeder.stop();
                System.gc();
                long heapMiB = memory.getHeapMemoryUsage().getUsed() >> 20;
                System.out.printf(Locale.ROOT, "| %s | %s | %d | %.2f | %.2f | %.2f | %.2f | %d | %d | %,d |%n",
                        page.title(), loaded ? "loaded" : "idle", probe.frames(), probe.work(0.50), probe.work(0.99),
                        probe.gap(0.50), probe.gap(0.99), probe.gapsOver(33), heapMiB, fed);
            }
        }
        long held = 0;
        for (String node : store.nodeNames()) {
            for (PayloadKind kind : PayloadKind.records()) {
                int size = store.node(node).orElseThrow().size(kind);
                if (size > limits.capacity(kind)) {
                    throw new IllegalStateException(kind + " holds " + size + " > cap " + limits.capacity(kind));
                }
                held += size;
            }
        }
        System.out.printf(Locale.ROOT, "store holds %,d events: within its caps; %,d evicted-or-lost counted%n",
                held, store.totalLost());
        Platform.exit();
        System.exit(0);
    }

    private static void onFx(Runnable r) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                r.run();
            } finally {
                done.countDown();
            }
        });
        done.await();
    }

    /** Writes {@code rate} events per second of every kind, paced in 10 ms slices. */
    private static final class Feeder implements Runnable {
        private static final int POOL = 5_000;
        private final CaptureStore store;
        private final int rate;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger fed = new AtomicInteger();
        private final Thread thread;

        private Feeder(CaptureStore store, int rate) {
            this.store = store;
            this.rate = rate;
            this.thread = Thread.ofPlatform().name("bench-feeder").daemon(true).unstarted(this);
        }

        static Feeder start(CaptureStore store, int rate) {
            Feeder f = new Feeder(store, rate);
            f.thread.start();
            return f;
        }

        @Override
        public void run() {
            // Generating 50,000 stack messages a second would measure the generator: the
            // feeder cycles through a pool made up front and only restamps each envelope.
            SyntheticEvents events = new SyntheticEvents("bench-node", 42);
            long t0 = System.currentTimeMillis() * 1_000_000L;
            SensorEvent[][] pool = new SensorEvent[SyntheticEvents.kinds()][POOL];
            for (int k = 0; k < SyntheticEvents.kinds(); k++) {
                for (int i = 0; i < POOL; i++) {
                    pool[k][i] = events.next(k, t0);
                }
            }
            long slice = 10_000_000L;
            int perSlice = Math.max(1, rate / 100);
            long next = System.nanoTime();
            long sequence = 0;
            int cursor = 0;
            while (running.get()) {
                long wallNs = System.currentTimeMillis() * 1_000_000L;
                for (int i = 0; i < perSlice; i++) {
                    for (int k = 0; k < SyntheticEvents.kinds(); k++) {
                        store.accept(pool[k][cursor].toBuilder().setSequence(++sequence).setTimestampNs(wallNs).build());
                    }
                    cursor = (cursor + 1) % POOL;
                }
                fed.addAndGet(perSlice * SyntheticEvents.kinds());
                next += slice;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(sleep);
                }
            }
        }

        long stop() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
            return fed.get();
        }
    }

    /** Per-pulse timings, bounded to the first {@link #FRAMES_CAP} frames. */
    private static final class FrameProbe {
        private final long[] work = new long[FRAMES_CAP];
        private final long[] gaps = new long[FRAMES_CAP];
        private int frames;
        private long pulseStart;
        private long lastPulseStart;
        private final Scene scene;
        private final AnimationTimer timer;
        private final Runnable postLayout;

        private FrameProbe(Scene scene) {
            this.scene = scene;
            this.timer = new AnimationTimer() {
                @Override
                public void handle(long now) {
                    long t = System.nanoTime();
                    if (lastPulseStart != 0 && frames < FRAMES_CAP) {
                        gaps[frames] = t - lastPulseStart;
                    }
                    lastPulseStart = t;
                    pulseStart = t;
                }
            };
            this.postLayout = () -> {
                if (pulseStart != 0 && frames < FRAMES_CAP) {
                    work[frames++] = System.nanoTime() - pulseStart;
                    pulseStart = 0;
                }
            };
        }

        static FrameProbe attach(Scene scene) throws InterruptedException {
            FrameProbe p = new FrameProbe(scene);
            onFx(() -> {
                p.timer.start();
                scene.addPostLayoutPulseListener(p.postLayout);
            });
            return p;
        }

        void detach() throws InterruptedException {
            onFx(() -> {
                timer.stop();
                scene.removePostLayoutPulseListener(postLayout);
            });
        }

        int frames() {
            return frames;
        }

        double work(double q) {
            return quantileMs(work, frames, q);
        }

        double gap(double q) {
            return quantileMs(gaps, frames, q);
        }

        long gapsOver(long ms) {
            return Arrays.stream(gaps, 1, Math.max(1, frames)).filter(g -> g > ms * 1_000_000L).count();
        }

        private static double quantileMs(long[] values, int n, double q) {
            if (n < 2) {
                return Double.NaN;
            }
            long[] sorted = Arrays.copyOfRange(values, 1, n);
            Arrays.sort(sorted);
            return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))] / 1e6;
        }
    }
}
