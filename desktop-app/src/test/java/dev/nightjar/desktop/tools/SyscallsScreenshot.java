package dev.nightjar.desktop.tools;

import static dev.nightjar.desktop.syscalls.SyscallEvents.histogram;
import static dev.nightjar.desktop.syscalls.SyscallEvents.process;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.syscalls.TimelineSpan;
import dev.nightjar.desktop.ui.shell.Theme;
import dev.nightjar.desktop.ui.shell.ThemeSwitcher;
import dev.nightjar.desktop.ui.workbench.CaptureSource;
import dev.nightjar.desktop.ui.workbench.WorkbenchPage;
import dev.nightjar.desktop.ui.workbench.WorkbenchView;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SyscallSpan;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.stage.Stage;

/**
 * Not a test: opens the Syscalls page at 1366x768 on made-up but realistic data (three pods and
 * the host, 30 s of slow spans and histograms), selects the slowest span and hovers a bar, so a
 * screenshot can be taken under Xvfb. Closes itself after the given seconds.
 *
 * <pre>java -cp TEST_CLASSPATH dev.nightjar.desktop.tools.SyscallsScreenshot light|dark [seconds] [PAGE]</pre>
 * PAGE is a {@link WorkbenchPage} name (default SYSCALLS), to look at another page in a theme.
 */
public final class SyscallsScreenshot {

    private static final long MS = 1_000_000;
    private static final long T0 = 1_764_118_800_000_000_000L;

    private SyscallsScreenshot() {
    }

    /** Launched through a nested class: the java launcher refuses a main class that is an Application. */
    public static void main(String[] args) {
        Application.launch(Window.class, args);
    }

    public static final class Window extends Application {
        @Override
        public void start(Stage stage) {
            show(stage, getParameters().getRaw());
        }
    }

    private static void show(Stage stage, java.util.List<String> args) {
        Theme theme = args.isEmpty() || !args.get(0).equals("dark") ? Theme.LIGHT : Theme.DARK;
        long seconds = args.size() > 1 ? Long.parseLong(args.get(1)) : 20;
        CaptureStore store = new CaptureStore(StoreLimits.defaults());
        fill(store);
        WorkbenchViewModel vm = new WorkbenchViewModel(store,
                new CaptureSource(false, "checkout-latency.njcap", ""), EndpointNamer.ADDRESSES_ONLY, Platform::runLater);
        vm.syscalls().usePods(id -> Optional.ofNullable(Map.of(
                "4f1c9a2e7b3d", "shop/frontend-7d9c8b6f5-x2kqp",
                "9b2e4d6a1c8f", "shop/cart-0",
                "c3a7e1f9d2b4", "db/postgres-0").get(id)));
        vm.pageProperty().set(args.size() > 2 ? WorkbenchPage.valueOf(args.get(2)) : WorkbenchPage.SYSCALLS);
        Scene scene = new Scene(new WorkbenchView(vm, () -> { }, () -> { }), 1366, 768);
        Preferences prefs = Preferences.userRoot().node("dev/nightjar/screenshot-" + UUID.randomUUID());
        ThemeSwitcher themes = new ThemeSwitcher(prefs);
        themes.select(theme, scene);
        stage.setScene(scene);
        stage.setTitle("Nightjar — Syscalls");
        stage.setX(0);
        stage.setY(0);
        stage.show();

        // After the first pulses: pick the slowest span (the timeline centres on it) and hover a bar.
        new Thread(() -> {
            sleep(1500);
            Platform.runLater(() -> {
                @SuppressWarnings("unchecked")
                TableView<TimelineSpan> slowest = (TableView<TimelineSpan>) scene.lookup("#syscall-slowest");
                slowest.getSelectionModel().select(2);
            });
            sleep(800);
            Platform.runLater(() -> {
                Node timeline = scene.lookup("#syscall-timeline");
                hoverSlowestBar(timeline);
            });
            sleep(seconds * 1000);
            try {
                prefs.removeNode();
            } catch (Exception e) {
                System.err.println("could not remove the screenshot's preferences: " + e.getMessage());
            }
            Platform.exit();
        }, "screenshot-timer").start();
    }

    /**
     * Picking a slow span centres the timeline on it: move an imaginary pointer down the middle
     * of the plot (190 px of process labels on the left) until the tooltip names a span.
     */
    private static void hoverSlowestBar(Node timeline) {
        double w = timeline.getLayoutBounds().getWidth();
        double h = timeline.getLayoutBounds().getHeight();
        double x = 190 + (w - 190) / 2;
        for (double y = 30; y < h; y += 4) {
            MouseEvent move = new MouseEvent(MouseEvent.MOUSE_MOVED, x, y, 0, 0, MouseButton.NONE, 0,
                    false, false, false, false, false, false, false, false, false, false, null);
            timeline.fireEvent(move);
            Node tip = timeline.lookup("#syscall-tooltip");
            if (tip != null && tip.isVisible()) {
                return;
            }
        }
    }

    private static void fill(CaptureStore store) {
        Random random = new Random(42);
        long[] seq = {0};
        java.util.function.Consumer<SensorEvent> put = e -> store.accept(e.toBuilder().setSequence(seq[0]++).build());
        String node = "ip-10-0-1-17";
        put.accept(process(node, 2311, "nginx", "4f1c9a2e7b3d"));
        put.accept(process(node, 2312, "nginx", "4f1c9a2e7b3d"));
        put.accept(process(node, 3120, "java", "9b2e4d6a1c8f"));
        put.accept(process(node, 3188, "java", "9b2e4d6a1c8f"));
        put.accept(process(node, 4402, "postgres", "c3a7e1f9d2b4"));
        put.accept(process(node, 4417, "postgres", "c3a7e1f9d2b4"));
        put.accept(process(node, 977, "kubelet", ""));
        put.accept(process(node, 812, "containerd", ""));
        put.accept(process(node, 5531, "envoy", "e8d1b7c2a9f0"));

        record Kind(int pid, String comm, String syscall, long meanNs, int errno, String target, int per30s) {
        }
        Kind[] kinds = {
            new Kind(2311, "nginx", "epoll_wait", 40 * MS, 0, "", 120),
            new Kind(2311, "nginx", "writev", 3 * MS, 0, "tcp 10.0.1.23:8080->10.0.2.9:51422", 40),
            new Kind(2312, "nginx", "openat", 2 * MS, 2, "/usr/share/nginx/html/favicon.ico", 25),
            new Kind(2312, "nginx", "recvfrom", 4 * MS, 11, "tcp 10.0.1.23:8080->10.0.2.9:51430", 30),
            new Kind(3120, "java", "futex", 60 * MS, 0, "", 160),
            new Kind(3188, "java", "connect", 25 * MS, 111, "tcp 10.0.1.23:44120->10.0.3.40:5432", 12),
            new Kind(3188, "java", "read", 9 * MS, 0, "tcp 10.0.1.23:44120->10.0.3.40:5432", 45),
            new Kind(4402, "postgres", "fsync", 120 * MS, 0, "/var/lib/postgresql/data/pg_wal/000000010000000000000003", 18),
            new Kind(4417, "postgres", "pread64", 6 * MS, 0, "/var/lib/postgresql/data/base/16384/2619", 60),
            new Kind(977, "kubelet", "nanosleep", 100 * MS, 0, "", 30),
            new Kind(812, "containerd", "epoll_pwait", 50 * MS, 0, "", 40),
            new Kind(5531, "envoy", "sendto", 2 * MS, 32, "tcp 10.0.1.23:15001->10.0.4.7:9090", 8),
        };
        java.util.List<SensorEvent> spans = new java.util.ArrayList<>();
        for (Kind k : kinds) {
            for (int i = 0; i < k.per30s(); i++) {
                long start = T0 + (long) (random.nextDouble() * 30_000) * MS;
                long duration = Math.max(MS, (long) (k.meanNs() * -Math.log(1 - random.nextDouble())));
                boolean failed = k.errno() != 0 && random.nextInt(3) == 0;
                spans.add(SensorEvent.newBuilder().setNode(node).setTimestampNs(start + duration)
                        .setSyscallSpan(SyscallSpan.newBuilder().setPid(k.pid()).setTid(k.pid() + random.nextInt(3))
                                .setComm(k.comm()).setSyscallName(k.syscall()).setStartNs(start).setDurationNs(duration)
                                .setErrno(failed ? k.errno() : 0).setReturnValue(failed ? -k.errno() : returnOf(k.syscall(), random))
                                .setFd(k.target().isEmpty() ? -1 : 7 + random.nextInt(20)).setFdTarget(k.target()))
                        .build());
            }
        }
        // A few drops too, so the Drops page can be looked at in both themes.
        for (int i = 0; i < 40; i++) {
            spans.add(SensorEvent.newBuilder().setNode(node).setTimestampNs(T0 + i * 700 * MS)
                    .setDrop(dev.nightjar.protocol.v1.DropEvent.newBuilder()
                            .setReasonName(i % 3 == 0 ? "NO_SOCKET" : "NETFILTER_DROP").setCount(1 + i % 4)).build());
        }
        spans.sort(java.util.Comparator.comparingLong(SensorEvent::getTimestampNs));
        spans.forEach(put);
        for (int second = 0; second < 30; second++) {
            long from = T0 + second * 1000 * MS;
            for (Kind k : kinds) {
                // Most calls are far faster than the slow spans; each interval lands around one bucket.
                int bucket = 63 - Long.numberOfLeadingZeros(Math.max(1, k.meanNs() / 200)) + random.nextInt(5) - 2;
                long count = 200 + random.nextInt(800);
                put.accept(histogram(node, k.pid(), k.syscall(), bucket, count,
                        k.errno() == 0 ? 0 : random.nextInt(5), count * (3L << (bucket - 1)), from, from + 1000 * MS));
            }
        }
    }

    /** What a successful call returns: bytes for I/O, an fd for openat, 0 otherwise. */
    private static long returnOf(String syscall, Random random) {
        return switch (syscall) {
            case "read", "pread64", "recvfrom", "writev", "sendto" -> 512 + random.nextInt(16_000);
            case "openat" -> 9 + random.nextInt(30);
            case "epoll_wait", "epoll_pwait" -> 1 + random.nextInt(4);
            default -> 0;
        };
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
