package dev.nightjar.desktop.bench;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.stream.LocalSensor;
import dev.nightjar.desktop.targets.TaskChoice;
import dev.nightjar.desktop.ui.shell.ShellView;
import dev.nightjar.desktop.ui.shell.ShellViewModel;
import dev.nightjar.desktop.ui.util.BackgroundTasks;
import dev.nightjar.desktop.ui.workbench.ConnectionState;
import dev.nightjar.desktop.ui.workbench.WorkbenchPage;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Frame time of the whole app on a live session with the real sensor on this machine, as a
 * user runs it: {@code nightjar-sensor.jar serve} (as root), the shell connected to it over
 * gRPC, the profiler on every process of the node, syscalls of one busy process (a perl loop
 * of 1 ms waits and small writes), and flows from a loopback connection loop (a few hundred
 * connections a second to a server in this JVM). Per page: {@link FxFrameProbe} and
 * {@link TypingProbe} as in {@link WorkbenchFrameBench}; at the end, how long Stop takes to
 * take effect (from the call until the store stops changing).
 *
 * <p>{@code desktop-app/src/bench/live-frame-bench.sh [SECONDS_PER_PAGE] [PAGES]}; needs root,
 * Xvfb and xdotool. Traffic stays on loopback; every workload ends with the bench (bounded in time).
 */
public final class LiveFrameBench {

    private static final String WINDOW_TITLE = "Nightjar live frame bench";
    /** perl: 1 ms waits and writes to /dev/null, for at most 10 minutes. */
    private static final String BUSY = "open(my $n, '>', '/dev/null'); my $end = time + 600;"
            + " while (time < $end) { select(undef, undef, undef, 0.001); syswrite($n, 'x' x 64); }";

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        List<WorkbenchPage> pages = args.length > 1 && !args[1].isBlank()
                ? Arrays.stream(args[1].split(",")).map(n -> WorkbenchPage.valueOf(n.strip())).toList()
                : List.of(WorkbenchPage.values());
        Path jar = Path.of(System.getProperty(LocalSensor.JAR_PROPERTY, "remote-sensor/target/nightjar-sensor.jar"));
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();

        ShellViewModel shell = new ShellViewModel(BackgroundTasks.withDaemonWorkers(Platform::runLater),
                Platform::runLater, StoreLimits.defaults());
        FxFrameProbe[] probe = new FxFrameProbe[1];
        Scene[] scene = new Scene[1];
        FxFrameProbe.onFx(() -> {
            Scene s = new Scene(new ShellView(shell), 1366, 768);
            ShellView.applyStyles(s);
            probe[0] = new FxFrameProbe(s);
            Stage stage = new Stage();
            stage.setTitle(WINDOW_TITLE);
            stage.setScene(s);
            stage.show();
            scene[0] = s;
        });
        probe[0].install();

        Path dir = Files.createTempDirectory("nightjar-live-bench");
        Process busy = null;
        ConnectionLoop loop = null;
        try (LocalSensor sensor = LocalSensor.start(jar, Path.of(System.getProperty("java.home")))) {
            Path token = Files.createFile(dir.resolve("token"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(token, sensor.token());
            FxFrameProbe.onFx(() -> shell.connectToSensor(sensor.address(), token));
            WorkbenchViewModel vm = waitForLive(shell);

            busy = new ProcessBuilder("perl", "-e", BUSY).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("busy.log").toFile()).start();
            int busyPid = (int) busy.pid();
            loop = ConnectionLoop.start(300, Math.max(60, seconds * (pages.size() + 1) * 3));
            FxFrameProbe.onFx(() -> {
                vm.traceActions().profileOnly(TaskChoice.WHOLE_NODE);
                vm.traceActions().traceSyscalls(TaskChoice.process(vm.store().nodeNames().getFirst(), busyPid, "perl"));
            });
            System.out.printf(Locale.ROOT, "live: sensor %s, profile the whole node (%d processes), syscalls of perl (%d),"
                            + " a loopback connection loop at %d/s; %d s per page; load average %s%n", jar,
                    processCount(), busyPid, loop.perSecond, seconds, WorkbenchFrameBench.loadAverage());
            FrameReport.printHeader();
            CaptureStore store = vm.store();
            for (WorkbenchPage page : pages) {
                FxFrameProbe.onFx(() -> vm.pageProperty().set(page));
                Thread.sleep(3_000); // the page's first build and layout, JIT
                long before = totalEvents(store);
                probe[0].start();
                TypingProbe typing = TypingProbe.typeWhile(TypingProbe.searchBox(scene[0]), WINDOW_TITLE, seconds);
                probe[0].stop();
                System.gc();
                long heapMiB = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
                FrameReport.printRow(page.title(), "live", probe[0], typing, heapMiB, totalEvents(store) - before);
            }
            stopTakesEffect(shell, store);
        } finally {
            if (loop != null) {
                loop.stop();
            }
            if (busy != null) {
                busy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            FxFrameProbe.onFx(shell::close);
        }
        Platform.exit();
        System.exit(0);
    }

    private static WorkbenchViewModel waitForLive(ShellViewModel shell) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            WorkbenchViewModel[] vm = new WorkbenchViewModel[1];
            boolean[] live = new boolean[1];
            FxFrameProbe.onFx(() -> {
                vm[0] = shell.workbenchProperty().get();
                live[0] = vm[0] != null && vm[0].stateProperty().get() == ConnectionState.LIVE;
            });
            if (live[0]) {
                return vm[0];
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the session did not go live within 90 s");
    }

    /** From the Stop call until the last change the store takes (watched for 5 s). */
    private static void stopTakesEffect(ShellViewModel shell, CaptureStore store) throws Exception {
        long[] asked = new long[1];
        FxFrameProbe.onFx(() -> {
            asked[0] = System.nanoTime();
            shell.stopLive();
        });
        long lastVersion = store.version();
        long lastChange = asked[0];
        long end = asked[0] + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            long v = store.version();
            if (v != lastVersion) {
                lastVersion = v;
                lastChange = System.nanoTime();
            }
            Thread.sleep(2);
        }
        System.out.printf(Locale.ROOT, "Stop took effect %.0f ms after the call (the store's last change;"
                + " watched for 5 s)%n", (lastChange - asked[0]) / 1e6);
    }

    private static long totalEvents(CaptureStore store) {
        return store.version();
    }

    private static long processCount() {
        try (var entries = Files.list(Path.of("/proc"))) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).count();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    /** Loopback connections at a steady rate to a server in this JVM, for at most {@code maxSeconds}. */
    private static final class ConnectionLoop {
        private final int perSecond;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong made = new AtomicLong();
        private final ServerSocket server;
        private final Thread client;
        private final Thread acceptor;

        private ConnectionLoop(int perSecond, int maxSeconds) throws java.io.IOException {
            this.perSecond = perSecond;
            this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
            this.acceptor = Thread.ofPlatform().daemon(true).name("bench-accept").start(this::accept);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
            this.client = Thread.ofPlatform().daemon(true).name("bench-connect").start(() -> connect(end));
        }

        static ConnectionLoop start(int perSecond, int maxSeconds) throws java.io.IOException {
            return new ConnectionLoop(perSecond, maxSeconds);
        }

        private void accept() {
            while (running.get()) {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    in.transferTo(OutputStream.nullOutputStream());
                } catch (java.io.IOException e) {
                    return;
                }
            }
        }

        private void connect(long end) {
            long gap = TimeUnit.SECONDS.toNanos(1) / perSecond;
            long next = System.nanoTime();
            while (running.get() && System.nanoTime() < end) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                    s.getOutputStream().write(new byte[512]);
                    made.incrementAndGet();
                } catch (java.io.IOException e) {
                    return;
                }
                next += gap;
                java.util.concurrent.locks.LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
            }
        }

        void stop() throws Exception {
            running.set(false);
            server.close();
            client.join(5_000);
            acceptor.join(5_000);
        }
    }
}
