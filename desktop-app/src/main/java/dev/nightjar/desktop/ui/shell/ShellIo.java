package dev.nightjar.desktop.ui.shell;

import dev.nightjar.desktop.bundle.DemoCapture;
import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.cluster.ClusterConnection;
import dev.nightjar.desktop.cluster.Kubeconfigs;
import dev.nightjar.desktop.session.AttachLauncher;
import dev.nightjar.desktop.session.CaptureLauncher;
import dev.nightjar.desktop.session.ClusterSensorSession;
import dev.nightjar.desktop.session.LaunchBoard;
import dev.nightjar.desktop.session.LaunchMode;
import dev.nightjar.desktop.session.LaunchedCapture;
import dev.nightjar.desktop.session.SessionPlan;
import dev.nightjar.desktop.session.SessionSettings;
import dev.nightjar.desktop.stream.TokenFiles;
import dev.nightjar.protocol.v1.SubscribeRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The blocking things the shell starts: reading files, launching a cluster capture.
 * {@link ShellViewModel} calls them on its background tasks only, never on the UI thread;
 * tests put in their own to see when and where they are called.
 */
interface ShellIo {

    /** The demo capture unpacked to a temporary file, or empty when this build has none. */
    Optional<Path> extractDemo();

    /** The session token in {@code file}; the exception's message says what is wrong with it. */
    String readToken(Path file) throws IOException;

    /** The kubeconfig files of this user; may throw {@code KubeconfigProblem}. */
    Kubeconfigs loadKubeconfigs();

    /** Whether any of the kubeconfig files {@link #loadKubeconfigs()} reads is there. */
    boolean kubeconfigPresent();

    /**
     * Deploys sensors on the plan's nodes (or, in attach mode, finds the installed ones) and
     * streams them into {@code store}; {@code board} follows every node from the start.
     */
    LaunchedCapture launch(ClusterConnection connection, SessionPlan plan, SessionSettings settings, CaptureStore store,
                           SubscribeRequest kinds, Consumer<String> progress,
                           ClusterSensorSession.StateListener streamStates, LaunchBoard board) throws Exception;

    /** The real files, the real cluster. */
    ShellIo REAL = new ShellIo() {
        @Override
        public Optional<Path> extractDemo() {
            return DemoCapture.extract();
        }

        @Override
        public String readToken(Path file) throws IOException {
            return TokenFiles.read(file);
        }

        @Override
        public Kubeconfigs loadKubeconfigs() {
            return Kubeconfigs.load();
        }

        @Override
        public boolean kubeconfigPresent() {
            return Kubeconfigs.present();
        }

        @Override
        public LaunchedCapture launch(ClusterConnection connection, SessionPlan plan, SessionSettings settings,
                                      CaptureStore store, SubscribeRequest kinds, Consumer<String> progress,
                                      ClusterSensorSession.StateListener streamStates, LaunchBoard board)
                throws Exception {
            if (settings.mode() == LaunchMode.ATTACH) {
                return new AttachLauncher(connection.client(), Clock.systemUTC())
                        .attach(plan.nodes(), settings.attach(), store, kinds, progress, streamStates, board);
            }
            return new CaptureLauncher(connection.client(), Clock.systemUTC())
                    .launch(plan, store, kinds, progress, streamStates, board);
        }
    };
}
