package dev.nightjar.desktop.session;

import static dev.nightjar.desktop.session.ClusterFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.cluster.MockApiServer;
import dev.nightjar.protocol.v1.SubscribeRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Launching a capture on fabric8's mock API server (CRUD) when no sensor pod can run. */
class CaptureLauncherTest {

    private final MockApiServer api = new MockApiServer();

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void whenNoPodRunsEverythingCreatedIsRemovedAndTheReasonIsGiven() throws Exception {
        api.simulator().nodes().resource(node("node-a")).create();
        SessionPlan plan = new SessionPlan(SessionId.random(), List.of("node-a"), PrivilegeMode.PRIVILEGED,
                SensorSettings.defaults());
        List<String> progress = new CopyOnWriteArrayList<>();
        // Plays the scheduler: the sensor pod cannot be placed.
        CompletableFuture<Void> scheduler = CompletableFuture.runAsync(() -> {
            String pod = SensorObjectNames.pod(plan.id(), "node-a");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline
                    && api.simulator().pods().inNamespace("nightjar").withName(pod).get() == null) {
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
            }
            ClusterFixtures.unschedulable(api.simulator(), "nightjar", pod, "0/1 nodes are available: 1 Insufficient memory.");
        });

        CaptureLauncher launcher = new CaptureLauncher(api.client(), Clock.systemUTC(), Duration.ofSeconds(20));
        assertThatThrownBy(() -> launcher.launch(plan, new CaptureStore(StoreLimits.defaults()),
                SubscribeRequest.getDefaultInstance(), progress::add, ClusterSensorSession.StateListener.NONE))
                .isInstanceOf(SensorDeploymentException.class)
                .hasMessageContaining("No sensor pod is running")
                .hasMessageContaining("Insufficient memory");
        scheduler.get(20, TimeUnit.SECONDS);

        assertThat(api.simulator().pods().inNamespace("nightjar").list().getItems()).isEmpty();
        assertThat(api.simulator().secrets().inNamespace("nightjar").list().getItems()).isEmpty();
        assertThat(progress).isNotEmpty();
    }
}
