package dev.nightjar.desktop.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.cluster.ClusterConnection;
import dev.nightjar.desktop.cluster.ClusterSnapshot;
import dev.nightjar.desktop.cluster.KubeContext;
import dev.nightjar.desktop.cluster.Kubeconfigs;
import dev.nightjar.desktop.cluster.MockApiServer;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.session.ClusterSensorSession;
import dev.nightjar.desktop.session.LaunchedCapture;
import dev.nightjar.desktop.session.SessionPlan;
import dev.nightjar.desktop.session.TeardownReport;
import dev.nightjar.desktop.stream.SensorAddress;
import dev.nightjar.desktop.targets.TaskChoice;
import dev.nightjar.desktop.testing.TestBundles;
import dev.nightjar.desktop.ui.util.BackgroundTasks;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import dev.nightjar.protocol.v1.SubscribeRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Openings that finish after the user went elsewhere, and where the shell's file reads run.
 * No stage: the UI thread is a queue (or a thread named "ui") the test controls.
 */
class ShellViewModelOpeningTest {

    @TempDir
    Path dir;

    private final List<Runnable> uiQueue = new ArrayList<>();
    private final HeldWorkers workers = new HeldWorkers();
    private final RecordingIo io = new RecordingIo();
    private ShellViewModel vm;
    private ExecutorService uiThread;

    @AfterEach
    void close() throws Exception {
        if (vm != null) {
            if (uiThread != null) {
                onUi(vm::close);
            } else {
                vm.close();
            }
        }
        if (uiThread != null) {
            uiThread.shutdownNow();
        }
    }

    /** Background work waits in {@link #workers} until the test runs it; UI work waits in {@link #uiQueue}. */
    private ShellViewModel heldViewModel() {
        vm = new ShellViewModel(new BackgroundTasks(workers, uiQueue::add), uiQueue::add,
                StoreLimits.uniform(10_000, 8), io);
        return vm;
    }

    private void runUi() {
        for (int round = 0; round < 20 && !uiQueue.isEmpty(); round++) {
            List<Runnable> now = new ArrayList<>(uiQueue);
            uiQueue.clear();
            now.forEach(Runnable::run);
        }
    }

    @Test
    void aBundleThatFinishesLoadingAfterTheUserWentHomeIsNotShown() throws Exception {
        Path bundle = TestBundles.twoNodes(dir.resolve("incident.njcap"), 100);
        heldViewModel().openBundle(bundle);
        assertThat(vm.busyProperty().get()).isTrue();

        vm.home();
        assertThat(vm.busyProperty().get()).as("the welcome screen's buttons work again").isFalse();
        workers.runAll();
        runUi();

        assertThat(vm.workbenchProperty().get()).as("still the welcome screen").isNull();
        assertThat(vm.titleProperty().get()).isEqualTo("Nightjar");
        assertThat(vm.statusProperty().get()).doesNotStartWith("Opened");
    }

    /** Starts a cluster capture whose launch is under way (on its own worker thread) until {@link RecordingIo#release}. */
    private Thread launchUnderWay(MockApiServer api) throws InterruptedException {
        heldViewModel().startClusterCapture(connection(api), List.of("worker-1"), false);
        assertThat(workers.queued()).isEqualTo(1);
        Thread worker = new Thread(workers::runAll, "worker-under-test");
        worker.start();
        assertThat(io.entered.await(10, TimeUnit.SECONDS)).as("the launch started").isTrue();
        return worker;
    }

    @Test
    void aClusterCaptureThatStartsAfterTheUserWentHomeIsStoppedNotShown() throws Exception {
        try (MockApiServer api = new MockApiServer()) {
            Thread worker = launchUnderWay(api);

            vm.home();
            String homeStatus = vm.statusProperty().get();
            io.release.countDown();
            worker.join(10_000);
            runUi();

            assertThat(io.launches.get()).as("the launch ran").isEqualTo(1);
            assertThat(vm.workbenchProperty().get()).as("no live session behind the welcome screen").isNull();
            assertThat(io.launched.stops.get()).as("its sensors are removed again").isEqualTo(1);
            assertThat(io.launched.stoppedOn).as("stopping blocks: never on the UI thread").isEqualTo(worker.getName());
            assertThat(vm.statusProperty().get()).as("its progress lines are not shown").isEqualTo(homeStatus);
        }
    }

    @Test
    void aClusterCaptureStillStartingWhenAnotherIsOpenedIsStoppedToo() throws Exception {
        try (MockApiServer api = new MockApiServer()) {
            Thread worker = launchUnderWay(api);
            Path bundle = TestBundles.twoNodes(dir.resolve("incident.njcap"), 10);
            vm.openBundle(bundle);
            io.release.countDown();
            worker.join(10_000);
            workers.runAll();
            runUi();

            assertThat(vm.workbenchProperty().get().source().live()).as("the bundle is what shows").isFalse();
            assertThat(io.launched.stops.get()).isEqualTo(1);
        }
    }

    @Test
    void aClusterCapturesChoiceOfWhatToTraceGoesToTheNodeItWasMadeOnInTheBackground() throws Exception {
        try (MockApiServer api = new MockApiServer()) {
            Thread worker = launchUnderWay(api);
            io.release.countDown();
            worker.join(10_000);
            runUi();
            WorkbenchViewModel live = vm.workbenchProperty().get();
            assertThat(live.retargetableProperty().get()).isTrue();

            live.traceActions().traceSyscalls(TaskChoice.process("worker-1", 4242, "nginx"));
            assertThat(io.launched.retargets).as("the sensor is asked off the UI thread, not at once").isEmpty();
            workers.runAll();
            runUi();

            assertThat(io.launched.retargets).containsExactly("worker-1: syscalls of pids [4242]");
            assertThat(live.targetDoneProperty().get()).isEqualTo("Tracing syscalls of nginx (4242): asked worker-1");
            assertThat(live.syscalls().emptyHintProperty().get()).contains("Tracing syscalls of nginx (4242)");
        }
    }

    private static ClusterConnection connection(MockApiServer api) {
        KubeContext context = new KubeContext("prod", "prod", "me", Optional.empty(),
                Optional.of(api.server().url("/")), Optional.empty(), Path.of("config"));
        return new ClusterConnection(context, api.client(), List.of());
    }

    @Test
    void theDemoTheTokenFileAndTheKubeconfigsAreReadOffTheUiThread() throws Exception {
        uiThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "ui"));
        // The pages' shared refresh thread may still hand over a build after the test shut "ui" down.
        Executor ui = r -> {
            try {
                uiThread.execute(r);
            } catch (RejectedExecutionException testIsOver) {
                // nothing is looking any more
            }
        };
        vm = new ShellViewModel(BackgroundTasks.withDaemonWorkers(ui), ui, StoreLimits.uniform(100_000, 8), io);

        onUi(vm::openDemo);
        awaitOnUi(() -> vm.workbenchProperty().get() != null, "the demo opens");

        Path token = Files.writeString(dir.resolve("token"), "s3cr3t-token\n");
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        SensorAddress address = SensorAddress.parse("127.0.0.1:" + closedPort);
        onUi(() -> vm.connectToSensor(address, token));
        awaitOnUi(() -> vm.workbenchProperty().get() != null && vm.workbenchProperty().get().source().live(),
                "the sensor's workbench opens");

        onUi(vm::openCluster);
        awaitOnUi(() -> vm.clusterProperty().get() != null && !vm.clusterProperty().get().busyProperty().get(),
                "the kubeconfig is read");
        assertThat(vm.clusterProperty().get().problemProperty().get()).startsWith("No kubeconfig found.");

        onUi(vm::lookForKubeconfig);
        awaitOnUi(() -> io.threads.containsKey("kubeconfigPresent"), "the welcome screen's kubeconfig check ran");

        assertThat(io.threads).containsOnlyKeys("extractDemo", "readToken", "loadKubeconfigs", "kubeconfigPresent");
        assertThat(io.threads.values()).as("where the files were read").containsOnly("nightjar-background");
    }

    private void onUi(Runnable action) throws Exception {
        uiThread.submit(action).get(10, TimeUnit.SECONDS);
    }

    private void awaitOnUi(BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!uiThread.submit(condition::getAsBoolean).get(10, TimeUnit.SECONDS)) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** The real files (a kubeconfig that is not there), recording the thread of each call; a launch that only counts. */
    private final class RecordingIo implements ShellIo {
        final Map<String, String> threads = new ConcurrentHashMap<>();
        final AtomicInteger launches = new AtomicInteger();
        final CountingLaunch launched = new CountingLaunch();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public Optional<Path> extractDemo() {
            threads.put("extractDemo", Thread.currentThread().getName());
            return ShellIo.REAL.extractDemo();
        }

        @Override
        public String readToken(Path file) throws IOException {
            threads.put("readToken", Thread.currentThread().getName());
            return ShellIo.REAL.readToken(file);
        }

        @Override
        public Kubeconfigs loadKubeconfigs() {
            threads.put("loadKubeconfigs", Thread.currentThread().getName());
            return Kubeconfigs.load(dir.resolve("no-such-kubeconfig").toString(), dir);
        }

        @Override
        public boolean kubeconfigPresent() {
            threads.put("kubeconfigPresent", Thread.currentThread().getName());
            return ShellIo.REAL.kubeconfigPresent();
        }

        @Override
        public LaunchedCapture launch(ClusterConnection connection, SessionPlan plan,
                                      dev.nightjar.desktop.session.SessionSettings settings, CaptureStore store,
                                      SubscribeRequest kinds, Consumer<String> progress,
                                      ClusterSensorSession.StateListener streamStates,
                                      dev.nightjar.desktop.session.LaunchBoard board) throws InterruptedException {
            launches.incrementAndGet();
            entered.countDown();
            assertThat(release.await(10, TimeUnit.SECONDS)).as("the test lets the launch finish").isTrue();
            progress.accept("worker-1: Running");
            return launched;
        }
    }

    /** Stands in for the sensors a launch started: counts how often, and on which thread, they are stopped. */
    private static final class CountingLaunch implements LaunchedCapture {
        final AtomicInteger stops = new AtomicInteger();
        final List<String> retargets = new CopyOnWriteArrayList<>();
        volatile String stoppedOn;

        @Override
        public String retarget(String node, SubscribeRequest next) {
            retargets.add(node + ": syscalls of pids " + next.getTargets().getSyscalls().getTasks().getPidsList());
            return "asked " + node;
        }

        @Override
        public EndpointNamer namer() {
            return EndpointNamer.ADDRESSES_ONLY;
        }

        @Override
        public ClusterSnapshot snapshot() {
            return ClusterSnapshot.EMPTY;
        }

        @Override
        public List<String> notStreaming() {
            return List.of();
        }

        @Override
        public TeardownReport stop(Duration timeout) {
            stoppedOn = Thread.currentThread().getName();
            stops.incrementAndGet();
            return new TeardownReport(List.of("sensor pod on worker-1"), List.of(), List.of());
        }
    }

    /** Work waits until the test runs it, so the test decides what the user does meanwhile. */
    private static final class HeldWorkers extends AbstractExecutorService {
        private final List<Runnable> queue = new ArrayList<>();
        private boolean shutdown;

        synchronized int queued() {
            return queue.size();
        }

        void runAll() {
            for (int round = 0; round < 20; round++) {
                List<Runnable> now;
                synchronized (this) {
                    now = new ArrayList<>(queue);
                    queue.clear();
                }
                if (now.isEmpty()) {
                    return;
                }
                now.forEach(Runnable::run);
            }
        }

        @Override public synchronized void execute(Runnable command) { queue.add(command); }
        @Override public synchronized void shutdown() { shutdown = true; }
        @Override public synchronized List<Runnable> shutdownNow() { shutdown = true; return List.of(); }
        @Override public synchronized boolean isShutdown() { return shutdown; }
        @Override public synchronized boolean isTerminated() { return shutdown; }
        @Override public boolean awaitTermination(long timeout, TimeUnit unit) { return true; }
    }
}
