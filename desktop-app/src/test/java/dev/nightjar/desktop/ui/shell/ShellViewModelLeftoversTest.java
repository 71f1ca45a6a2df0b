package dev.nightjar.desktop.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.bundle.DemoCapture;
import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.cluster.ClusterConnection;
import dev.nightjar.desktop.cluster.ClusterSnapshot;
import dev.nightjar.desktop.cluster.KubeContext;
import dev.nightjar.desktop.cluster.Kubeconfigs;
import dev.nightjar.desktop.cluster.MockApiServer;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.session.ClusterSensorSession;
import dev.nightjar.desktop.session.LaunchBoard;
import dev.nightjar.desktop.session.LaunchedCapture;
import dev.nightjar.desktop.session.Leftover;
import dev.nightjar.desktop.session.SessionPlan;
import dev.nightjar.desktop.session.SessionSettings;
import dev.nightjar.desktop.session.TeardownReport;
import dev.nightjar.desktop.ui.util.BackgroundTasks;
import dev.nightjar.protocol.v1.SubscribeRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A cluster capture's launch table and a Stop that leaves objects behind, in the shell, without a stage. */
class ShellViewModelLeftoversTest {

    private final List<Runnable> ui = new ArrayList<>();

    @Test
    void theLaunchTableShowsFromTheStartAndAStopThatLeftObjectsSaysHowToRemoveThem() throws Exception {
        TeardownReport incomplete = new TeardownReport(List.of(),
                List.of(new Leftover("pod", "nightjar", "nightjar-ab-node-a-1", "no answer from the API server", false)),
                List.of(), List.of("kubectl --context prod -n nightjar delete pod nightjar-ab-node-a-1"
                        + " --ignore-not-found --wait=false"));
        AtomicReference<LaunchBoard> boardSeen = new AtomicReference<>();
        AtomicReference<SessionSettings> settingsSeen = new AtomicReference<>();
        ShellIo io = new ShellIo() {
            @Override
            public Optional<Path> extractDemo() {
                return DemoCapture.extract();
            }

            @Override
            public String readToken(Path file) {
                return "";
            }

            @Override
            public Kubeconfigs loadKubeconfigs() {
                throw new IllegalStateException("not used");
            }

            @Override
            public boolean kubeconfigPresent() {
                return false;
            }

            @Override
            public LaunchedCapture launch(ClusterConnection connection, SessionPlan plan, SessionSettings settings,
                                          CaptureStore store, SubscribeRequest kinds, Consumer<String> progress,
                                          ClusterSensorSession.StateListener streamStates, LaunchBoard board) {
                boardSeen.set(board);
                settingsSeen.set(settings);
                return new LaunchedCapture() {
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
                        return incomplete;
                    }

                    @Override
                    public Optional<LaunchBoard> board() {
                        return Optional.of(board);
                    }
                };
            }
        };
        BackgroundTasks tasks = new BackgroundTasks(Executors.newSingleThreadExecutor(), this::onUi);
        ShellViewModel vm = new ShellViewModel(tasks, this::onUi, StoreLimits.uniform(1000, 4), io);
        try (MockApiServer api = new MockApiServer()) {
            KubeContext context = new KubeContext("prod", "prod", "me", Optional.empty(),
                    Optional.of(api.server().url("/")), Optional.empty(), Path.of("config"));
            SessionSettings settings = SessionSettings.defaults().withSensor(
                    dev.nightjar.desktop.session.SensorSettings.defaults().withNamespace("team-debug"));

            vm.startClusterCapture(new ClusterConnection(context, api.client(), List.of()), List.of("node-a"), settings);
            assertThat(vm.launchTableProperty().get()).as("the table shows while the capture starts").isNotNull();
            pump(() -> vm.workbenchProperty().get() != null);
            assertThat(vm.launchTableProperty().get().board()).isSameAs(boardSeen.get());
            assertThat(settingsSeen.get()).isEqualTo(settings);

            vm.stopLive();
            pump(() -> !vm.leftoversProperty().get().isEmpty());
            assertThat(vm.leftoversProperty().get()).contains("pod nightjar/nightjar-ab-node-a-1 (no answer from the API"
                    + " server)").contains("kubectl --context prod -n nightjar delete pod nightjar-ab-node-a-1");
            pump(() -> vm.statusProperty().get().startsWith("Stopped"));
            assertThat(vm.statusProperty().get()).contains("Remove it with: kubectl --context prod");
        } finally {
            vm.close();
        }
    }

    private void onUi(Runnable r) {
        synchronized (ui) {
            ui.add(r);
        }
    }

    private void pump(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            List<Runnable> now;
            synchronized (ui) {
                now = new ArrayList<>(ui);
                ui.clear();
            }
            now.forEach(Runnable::run);
            Thread.sleep(10);
        }
        assertThat(done.getAsBoolean()).isTrue();
    }
}
