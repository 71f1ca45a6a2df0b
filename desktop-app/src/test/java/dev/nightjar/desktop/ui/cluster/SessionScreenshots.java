package dev.nightjar.desktop.ui.cluster;

import dev.nightjar.desktop.security.SecurityEvents;
import dev.nightjar.desktop.session.LaunchBoard;
import dev.nightjar.desktop.session.PermissionResult;
import dev.nightjar.desktop.session.PermissionResult.Verdict;
import dev.nightjar.desktop.session.SensorPodStage;
import dev.nightjar.desktop.session.SensorPodStatus;
import dev.nightjar.desktop.session.SecurityPolicySetting;
import dev.nightjar.desktop.session.SensorSettings;
import dev.nightjar.desktop.session.SessionPermissions;
import dev.nightjar.desktop.session.SessionSettings;
import dev.nightjar.desktop.stream.StreamState;
import dev.nightjar.desktop.ui.shell.ShellView;
import dev.nightjar.desktop.ui.util.BackgroundTasks;
import dev.nightjar.desktop.ui.util.ScenePng;
import dev.nightjar.testing.UiTest;
import java.io.File;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Not a check: writes screenshots of the launch table, the session settings and the
 * permission check for a person to look at, when run with {@code -Dnightjar.screenshots=DIR};
 * skipped otherwise. The views are the real ones, fed what a starting capture on a mixed
 * cluster and a restricted account produce.
 */
@ExtendWith(ApplicationExtension.class)
@UiTest
class SessionScreenshots {

    private static final String DIR = System.getProperty("nightjar.screenshots");
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @Test
    @EnabledIfSystemProperty(named = "nightjar.screenshots", matches = ".+",
            disabledReason = "screenshots only with -Dnightjar.screenshots=DIR")
    void writeScreenshots(FxRobot robot) throws Exception {
        BackgroundTasks tasks = BackgroundTasks.withDaemonWorkers(Platform::runLater);
        try {
            save(robot, new LaunchTableView(new LaunchTableModel(startingBoard(), Platform::runLater, tasks)), 1280, 330,
                    "launch-table.png");

            SessionSettings settings = SessionSettings.defaults().withSensor(SensorSettings.defaults()
                    .withImage("registry.corp.example/mirror/nightjar-sensor:0.1.0@sha256:"
                            + "3f1c9a0e5b7d2c4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e")
                    .withNamespace("nightjar")
                    .withResources("100m", "1", "256Mi", "512Mi")
                    .withScheduling(List.of("corp-registry"), List.of("dedicated=observability:NoSchedule"),
                            "system-node-critical"))
                    .withSecurity(new SecurityPolicySetting(SecurityEvents.Mode.DEFAULT_POLICIES, List.of()));
            save(robot, new SessionSettingsView(new SessionSettingsForm(settings), "prod-eu-west-1"), 760, 690,
                    "session-settings.png");

            PermissionCheckModel permissions = new PermissionCheckModel(tasks);
            List<PermissionResult> results = SessionPermissions.forDeploy("nightjar").stream()
                    .map(p -> switch (p.resource()) {
                        case "namespaces" -> new PermissionResult(p, Verdict.DENIED, "no RBAC policy matched");
                        case "events" -> new PermissionResult(p, Verdict.DENIED, "no RBAC policy matched");
                        default -> new PermissionResult(p, Verdict.ALLOWED, "RBAC: allowed by RoleBinding"
                                + " \"oncall-nightjar\" of Role \"nightjar-desktop\"");
                    }).toList();
            robot.interact(() -> permissions.show(results, settings));
            save(robot, new PermissionCheckView(permissions), 1100, 560, "permission-check.png");
        } finally {
            tasks.close();
        }
    }

    /** A capture starting on six nodes: each at another step, as on a real mixed cluster. */
    private static LaunchBoard startingBoard() {
        List<String> nodes = List.of("ip-10-0-1-17.eu-west-1.compute.internal", "ip-10-0-2-41.eu-west-1.compute.internal",
                "ip-10-0-3-9.eu-west-1.compute.internal", "ip-10-0-4-88.eu-west-1.compute.internal",
                "legacy-batch-01", "rhel8-db-01");
        LaunchBoard board = new LaunchBoard(nodes, Clock.systemDefaultZone());
        String pod = "nightjar-5c1e9a7f2b-";
        board.onPodStatus(new SensorPodStatus(nodes.get(0), pod + "a1", SensorPodStage.RUNNING, "running"));
        board.onStream(nodes.get(0), new StreamState(StreamState.Phase.STREAMING, "", Instant.now()));
        board.onPodStatus(new SensorPodStatus(nodes.get(1), pod + "b2", SensorPodStage.RUNNING, "running"));
        board.onStream(nodes.get(1), new StreamState(StreamState.Phase.RECONNECTING,
                "port-forward broke (connection reset by peer); retrying in 2 s", Instant.now()));
        board.onPodStatus(new SensorPodStatus(nodes.get(2), pod + "c3", SensorPodStage.PULLING_IMAGE,
                "pulling image registry.corp.example/mirror/nightjar-sensor:0.1.0"));
        board.onPodStatus(new SensorPodStatus(nodes.get(3), pod + "d4", SensorPodStage.NODE_NOT_READY,
                "node ip-10-0-4-88.eu-west-1.compute.internal is NotReady (KubeletNotReady: container runtime network"
                        + " not ready); the sensor joins when the node is back"));
        board.onPodStatus(new SensorPodStatus(nodes.get(4), "", SensorPodStage.REJECTED,
                "The ResourceQuota \"nightjar-quota\" of namespace nightjar has no room for the sensor pod"
                        + " (exceeded quota: requests.memory=2Gi)"));
        board.onPodStatus(new SensorPodStatus(nodes.get(5), pod + "f6", SensorPodStage.RUNNING, "running"));
        board.onPodStatus(new SensorPodStatus(nodes.get(5), pod + "f6", SensorPodStage.GONE, "pod Succeeded",
                "pod Completed: idle exit"));
        return board;
    }

    private void save(FxRobot robot, Parent root, int width, int height, String name) throws Exception {
        AtomicReference<Scene> scene = new AtomicReference<>();
        robot.interact(() -> {
            Scene s = new Scene(root, width, height);
            ShellView.applyStyles(s);
            stage.setScene(s);
            stage.show();
            scene.set(s);
        });
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(300); // table cells lay out on the next pulses
        WaitForAsyncUtils.waitForFxEvents();
        ScenePng.write(scene.get(), new File(DIR, name));
    }
}
