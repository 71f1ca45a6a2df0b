package dev.nightjar.desktop.ui.profile;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.profile.FlameLayout;
import dev.nightjar.desktop.profile.FlameScope;
import dev.nightjar.desktop.profile.FlameTree;
import dev.nightjar.desktop.profile.FlameTreeBuilder;
import dev.nightjar.desktop.profile.SyntheticProfile;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.StackSamples;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;

/**
 * Not a test: the flame graph's costs on a 100,000-frame profile — building the
 * tree, laying it out for a 1600 px viewport, recording the canvas drawing, and
 * drawing plus rasterizing it (a snapshot, which renders like a pulse does).
 * Runs headless (Monocle, software pipeline) unless -Dbench.window=true.
 *
 * <pre>java -cp TEST_CLASSPATH dev.nightjar.desktop.ui.profile.FlameGraphBench [frames]</pre>
 */
public final class FlameGraphBench {

    private static final int WIDTH = 1600;
    private static final int HEIGHT = 900;

    private FlameGraphBench() {
    }

    public static void main(String[] args) throws Exception {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        if (!Boolean.getBoolean("bench.window")) {
            System.setProperty("glass.platform", "Monocle");
            System.setProperty("monocle.platform", "Headless");
            System.setProperty("prism.order", "sw");
        }
        StackSamples message = SyntheticProfile.largeMessage(frames, 7);
        Timings build = measure(10, () -> {
            FlameTreeBuilder builder = new FlameTreeBuilder(FlameScope.ALL);
            builder.add("bench", 1, message);
            return builder.build().size();
        });
        FlameTree tree = SyntheticProfile.tree(frames, 7);
        Timings layout = measure(50, () -> FlameLayout.of(tree, FlameTree.ROOT, WIDTH, FlameLayout.DEFAULT_MIN_WIDTH).count());
        FlameLayout sample = FlameLayout.of(tree, FlameTree.ROOT, WIDTH, FlameLayout.DEFAULT_MIN_WIDTH);

        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get();
        CompletableFuture<String> fx = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                CaptureStore store = new CaptureStore(StoreLimits.defaults());
                store.accept(SensorEvent.newBuilder().setNode("bench").setSequence(1).setTimestampNs(1).setStacks(message).build());
                // A direct executor: on the FX thread already, and the bench wants each paint now.
                FlameGraphViewModel vm = new FlameGraphViewModel(store, Runnable::run, Runnable::run);
                Timings refresh = measure(5, () -> {
                    vm.showWindow(new dev.nightjar.desktop.capture.TimeWindow(0, System.nanoTime()));
                    return vm.treeProperty().get().size();
                });
                FlameCanvas canvas = new FlameCanvas(vm, Runnable::run);
                StackPane root = new StackPane(canvas);
                new Scene(root, WIDTH, HEIGHT);
                root.resize(WIDTH, HEIGHT);
                root.layout();
                canvas.resize(WIDTH, Math.max(HEIGHT, canvas.prefHeight(WIDTH)));
                canvas.layout();
                Timings paint = measure(50, () -> {
                    canvas.paint();
                    return canvas.paints();
                });
                Timings paintAndRender = measure(20, () -> {
                    canvas.paint();
                    return (long) canvas.snapshot(null, null).getWidth();
                });
                javafx.scene.canvas.Canvas blank = new javafx.scene.canvas.Canvas(WIDTH, canvas.getHeight());
                Timings baseline = measure(20, () -> {
                    blank.getGraphicsContext2D().fillRect(0, 0, WIDTH, 10);
                    return (long) blank.snapshot(null, null).getWidth();
                });
                vm.searchTextProperty().set("decode");
                Timings search = measure(20, () -> {
                    vm.searchTextProperty().set(vm.searchTextProperty().get().equals("decode") ? "encode" : "decode");
                    return vm.matchProperty().get().matchedSamples();
                });
                fx.complete(String.format(Locale.ROOT, """
                        refresh (read store + build tree) %s
                        search (substring, whole tree)   %s
                        paint (record canvas commands)   %s
                        paint + render (snapshot)        %s
                        render of an empty canvas (snapshot baseline) %s
                        canvas %d x %.0f px, %s""",
                        stats(refresh), stats(search), stats(paint), stats(paintAndRender), stats(baseline), WIDTH, canvas.getHeight(),
                        com.sun.prism.GraphicsPipeline.getPipeline().getClass().getSimpleName()));
            } catch (Throwable t) {
                fx.completeExceptionally(t);
            }
        });
        String fxResults = fx.get();
        System.out.printf(Locale.ROOT, """
                Flame graph bench: %,d frames (tree nodes %,d, depth %d, %,d samples), viewport %d px
                Java %s, %s, %d cores, load average %.1f
                build tree from StackSamples     %s
                layout                           %s -> %,d rectangles drawn, %,d frames cut off as too narrow
                %s
                """, frames, tree.size(), tree.maxDepth(), tree.totalSamples(), WIDTH,
                System.getProperty("java.version"), System.getProperty("os.name"), Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                stats(build), stats(layout), sample.count(), sample.hiddenNodes(), fxResults);
        Platform.exit();
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** Wall and this thread's CPU milliseconds of each run, sorted separately. */
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private record Timings(double[] wall, double[] cpu, double[] processCpu) {
    }

    /** Runs {@code op} a few times to warm up, then {@code runs} times. */
    private static Timings measure(int runs, LongSupplier op) {
        long sink = 0;
        for (int i = 0; i < Math.max(3, runs / 5); i++) {
            sink += op.getAsLong();
        }
        double[] wall = new double[runs];
        double[] cpu = new double[runs];
        double[] processCpu = new double[runs];
        for (int i = 0; i < runs; i++) {
            long p0 = OS.getProcessCpuTime();
            long c0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            sink += op.getAsLong();
            wall[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
            processCpu[i] = (OS.getProcessCpuTime() - p0) / 1e6;
        }
        if (sink == 42) {
            System.out.print("");
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        Arrays.sort(processCpu);
        return new Timings(wall, cpu, processCpu);
    }

    /** Median and p90 of wall time, and the median CPU time of the calling thread (the machine may be shared). */
    private static String stats(Timings t) {
        int mid = t.wall().length / 2;
        return String.format(Locale.ROOT,
                "wall median %7.2f ms, p90 %7.2f ms; CPU median: calling thread %7.2f ms, whole process %7.2f ms (n=%d)",
                t.wall()[mid], t.wall()[(int) (t.wall().length * 0.9)], t.cpu()[mid], t.processCpu()[mid], t.wall().length);
    }
}
