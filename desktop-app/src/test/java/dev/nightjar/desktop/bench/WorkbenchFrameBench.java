package dev.nightjar.desktop.bench;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
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
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Frame time of the workbench while the store takes a sensor-sized flood.
 *
 * <p>Per page, twice in the same run: idle (nothing fed: the baseline) and loaded (a
 * feeder thread writes {@code rate} events per second of every recorded kind into the
 * store, and {@code rate} requests per second as the sensor reports them: see {@link SyntheticRequests}). {@link FxFrameProbe} says what a frame costs the FX thread (the pulse, the
 * pages' applies between pulses, the FX thread's CPU time per frame, the gap between
 * pulses); while loaded, {@link TypingProbe} types into the page's filter or search box
 * and times each key until it shows. Heap is read after a GC at the end of each page, and
 * the store's size is checked against its caps.
 *
 * <p>Run under a real display: {@code desktop-app/src/bench/frame-bench.sh [RATE] [SECONDS] [CAP] [PAGES]}.
 */
public final class WorkbenchFrameBench {

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        StoreLimits limits = args.length > 2 && !args[2].isBlank() ? StoreLimits.uniform(Integer.parseInt(args[2]), 8)
                : StoreLimits.defaults();
        CaptureStore store = new CaptureStore(limits);
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();

        WorkbenchViewModel[] vm = new WorkbenchViewModel[1];
        Scene[] scene = new Scene[1];
        FxFrameProbe[] probe = new FxFrameProbe[1];
        onFx(() -> {
            // as the app runs it: tables built on the refresh thread, applied on the FX thread
            // (through the probe's executor, which times each apply)
            Scene s = new Scene(new javafx.scene.layout.StackPane(), 1366, 768);
            probe[0] = new FxFrameProbe(s);
            vm[0] = new WorkbenchViewModel(store, new CaptureSource(true, "frame bench", ""),
                    SyntheticRequests.namer(), ViewExecutors.withRefreshThread(probe[0].ui()));
            s.setRoot(new WorkbenchView(vm[0], () -> { }, () -> { }));
            scene[0] = s;
            ShellView.applyStyles(s);
            Stage stage = new Stage();
            stage.setTitle(WINDOW_TITLE);
            stage.setScene(s);
            stage.show();
        });
        probe[0].install();

        SyntheticRequests requests = new SyntheticRequests("bench-node", rate, WHOLE_REQUESTS);
        System.out.printf(Locale.ROOT, "rate %,d events/s per kind (%d kinds, %d processes), %d s per page and mode,"
                        + " store caps %s, load average %s%n", rate, SyntheticEvents.kinds(), SyntheticEvents.PROCESSES,
                seconds, limits.capacityPerKind(), loadAverage());
        System.out.printf(Locale.ROOT, "requests: %,d exchanges/s over %d workloads and %d edges, %,d sent whole per"
                        + " second, stats batched per second%n", rate, SyntheticRequests.WORKLOADS, requests.edges(),
                requests.requestsPerSecond());
        FrameReport.printHeader();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (WorkbenchPage page : pages(args.length > 3 ? args[3] : "")) {
            onFx(() -> vm[0].pageProperty().set(page));
            for (boolean loaded : new boolean[] {false, true}) {
                Feeder feeder = loaded ? Feeder.start(store, rate, requests) : null;
                Thread.sleep(2_000); // warm up: first layout, JIT
                probe[0].start();
                TypingProbe typing = TypingProbe.typeWhile(loaded ? TypingProbe.searchBox(scene[0]) : Optional.empty(),
                        WINDOW_TITLE, seconds);
                probe[0].stop();
                long fed = feeder == null ? 0 : feeder.stop();
                System.gc();
                long heapMiB = memory.getHeapMemoryUsage().getUsed() >> 20;
                FrameReport.printRow(page.title(), loaded ? "loaded" : "idle", probe[0], typing,
                        heapMiB, fed);
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
        System.out.printf(Locale.ROOT, "store holds %,d events: within its caps; %,d evicted-or-lost counted;"
                + " load average %s%n", held, store.totalLost(), loadAverage());
        Platform.exit();
        System.exit(0);
    }

    private static final String WINDOW_TITLE = "Nightjar frame bench";
    /**
     * Share of exchanges sent whole as Request events: by default the sensor's (failed and slow
     * only, about 1.5 %); -Dbench.requestsWhole=1 for a sample rate of 1, every exchange.
     */
    private static final double WHOLE_REQUESTS = Double.parseDouble(System.getProperty("bench.requestsWhole", "0"));

    /** "FLOWS,SYSCALLS" (the 4th argument) measures only those pages; empty for all. */
    private static java.util.List<WorkbenchPage> pages(String names) {
        if (names.isBlank()) {
            return java.util.List.of(WorkbenchPage.values());
        }
        return java.util.Arrays.stream(names.split(",")).map(n -> WorkbenchPage.valueOf(n.strip())).toList();
    }

    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static void onFx(Runnable r) throws InterruptedException {
        FxFrameProbe.onFx(r);
    }

    /**
     * Writes {@code rate} events per second of every kind, paced in 10 ms slices, and {@code rate}
     * requests per second as the sensor reports them: the whole ones spread over the slices, the
     * stats in one batch a second.
     */
    private static final class Feeder implements Runnable {
        private static final int POOL = 5_000;
        private final CaptureStore store;
        private final int rate;
        private final SyntheticRequests requests;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger fed = new AtomicInteger();
        private final Thread thread;

        private Feeder(CaptureStore store, int rate, SyntheticRequests requests) {
            this.store = store;
            this.rate = rate;
            this.requests = requests;
            this.thread = Thread.ofPlatform().name("bench-feeder").daemon(true).unstarted(this);
        }

        static Feeder start(CaptureStore store, int rate, SyntheticRequests requests) {
            Feeder f = new Feeder(store, rate, requests);
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
            int requestsPerSlice = Math.max(1, requests.requestsPerSecond() / 100);
            // one sequence for every kind, as on a sensor's stream (a gap would count as lost events)
            long[] sequence = {0};
            long next = System.nanoTime();
            int cursor = 0;
            int slices = 0;
            while (running.get()) {
                long wallNs = System.currentTimeMillis() * 1_000_000L;
                for (int i = 0; i < perSlice; i++) {
                    for (int k = 0; k < SyntheticEvents.kinds(); k++) {
                        store.accept(pool[k][cursor].toBuilder().setSequence(++sequence[0]).setTimestampNs(wallNs).build());
                    }
                    cursor = (cursor + 1) % POOL;
                }
                fed.addAndGet(perSlice * SyntheticEvents.kinds() + requestsPerSlice);
                requests.requests(requestsPerSlice, wallNs, sequence, store::accept);
                if (++slices % 100 == 0) {
                    // the sensor drains its stats table once a second, all rows at once
                    java.util.List<SensorEvent> batch = requests.statsSecond(wallNs, sequence);
                    batch.forEach(store::accept);
                    fed.addAndGet(batch.size());
                }
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
}
