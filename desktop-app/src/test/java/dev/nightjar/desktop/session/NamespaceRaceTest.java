package dev.nightjar.desktop.session;

import static dev.nightjar.desktop.session.ClusterFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.cluster.MockApiServer;
import dev.nightjar.desktop.cluster.MutableClock;
import dev.nightjar.desktop.cluster.NightjarLabels;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared namespace under Stop→Start and under two desktops, against a mock API server that
 * behaves like a real one where it matters here ({@link ApiServerBehaviour}): nothing can be
 * created in a terminating namespace, and a delete with a stale resourceVersion precondition
 * is refused.
 */
class NamespaceRaceTest {

    private static final String NS = NightjarLabels.NAMESPACE;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final MutableClock clock = new MutableClock(Instant.now());
    private final List<KubernetesClient> desktops = new ArrayList<>();
    private MockApiServer api;

    @BeforeEach
    void startCluster() {
        api = new MockApiServer(false, new ApiServerBehaviour()::around);
        List.of("node-a", "node-b").forEach(n -> api.simulator().nodes().resource(node(n)).create());
    }

    @AfterEach
    void stopCluster() {
        desktops.forEach(KubernetesClient::close);
        api.close();
    }

    private SensorDeployment desktop(String session, String node, RecordingListener steps) {
        KubernetesClient c = api.server().createClient(new JdkHttpClientFactory());
        desktops.add(c);
        return new SensorDeployment(c, new SessionPlan(new SessionId(session), List.of(node), PrivilegeMode.PRIVILEGED,
                SensorSettings.defaults()), clock, steps, SessionToken.generate(), Duration.ofHours(1));
    }

    @Test
    void aQuickStopThenStartWaitsForTheTerminatingNamespaceAndCreatesItAgain() throws Exception {
        SensorDeployment first = desktop("first00001", "node-a", new RecordingListener());
        first.deploy();
        // The namespace controller keeps a deleted namespace Terminating while it empties it.
        api.simulator().namespaces().withName(NS).edit(ns -> new NamespaceBuilder(ns).editMetadata()
                .addToFinalizers("kubernetes").endMetadata().build());

        TeardownReport stopped = first.stop(WAIT);
        assertThat(stopped.notes()).anySatisfy(n -> assertThat(n).contains("terminating"));
        assertThat(api.simulator().namespaces().withName(NS).get().getMetadata().getDeletionTimestamp()).isNotNull();

        RecordingListener steps = new RecordingListener();
        SensorDeployment second = desktop("second0001", "node-a", steps);
        CompletableFuture<Void> start = new CompletableFuture<>();
        Thread.ofPlatform().name("test-second-start").start(() -> {
            try {
                second.deploy();
                start.complete(null);
            } catch (Exception e) {
                start.completeExceptionally(e);
            }
        });
        awaitStep(steps, "is being deleted");
        assertThat(start).isNotDone();
        // The namespace controller finishes: the namespace goes.
        api.simulator().namespaces().withName(NS).edit(ns -> new NamespaceBuilder(ns).editMetadata()
                .withFinalizers(List.of()).endMetadata().build());
        api.simulator().namespaces().withName(NS).delete();

        start.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        var ns = api.simulator().namespaces().withName(NS).get();
        assertThat(ns.getMetadata().getDeletionTimestamp()).isNull();
        assertThat(ns.getMetadata().getAnnotations()).containsEntry(SessionLabels.NAMESPACE_LAST_SESSION, "second0001");
        assertThat(api.simulator().pods().inNamespace(NS).list().getItems()).extracting(p -> p.getMetadata().getName())
                .containsExactly(SensorObjectNames.pod(new SessionId("second0001"), "node-a"));
        assertThat(second.stop(WAIT).complete()).isTrue();
    }

    @Test
    void aDesktopStartingWhileAnotherStopsKeepsItsNamespace() throws Exception {
        RecordingListener secondSteps = new RecordingListener();
        SensorDeployment second = desktop("second0002", "node-b", secondSteps);
        AtomicReference<Exception> secondFailed = new AtomicReference<>();
        // The first desktop stops; between its "is the namespace empty?" and its delete, the
        // second desktop starts a session in the namespace.
        RecordingListener firstSteps = new RecordingListener() {
            @Override
            public void onStep(String message) {
                super.onStep(message);
                if (message.startsWith("Deleting namespace")) {
                    try {
                        second.deploy();
                    } catch (Exception e) {
                        secondFailed.set(e);
                    }
                }
            }
        };
        SensorDeployment first = desktop("first00002", "node-a", firstSteps);
        first.deploy();

        TeardownReport stopped = first.stop(WAIT);

        assertThat(secondFailed.get()).isNull();
        assertThat(stopped.complete()).isTrue();
        assertThat(stopped.removed()).doesNotContain("namespace " + NS);
        assertThat(stopped.notes()).containsExactly("Namespace " + NS
                + " kept: another session started using it a moment ago.");
        assertThat(api.simulator().namespaces().withName(NS).get().getMetadata().getDeletionTimestamp()).isNull();
        assertThat(api.simulator().pods().inNamespace(NS).list().getItems()).extracting(p -> p.getMetadata().getName())
                .containsExactly(SensorObjectNames.pod(new SessionId("second0002"), "node-b"));
        assertThat(api.simulator().secrets().inNamespace(NS).list().getItems()).hasSize(1);

        // The second desktop is the last to use it: its Stop removes the namespace.
        TeardownReport last = second.stop(WAIT);
        assertThat(last.removed()).contains("namespace " + NS);
        assertThat(api.simulator().namespaces().withName(NS).get()).isNull();
    }

    @Test
    void aStopLeavesTheNamespaceToTheSessionThatMarkedItLater() throws Exception {
        SensorDeployment first = desktop("first00003", "node-a", new RecordingListener());
        first.deploy();
        SensorDeployment second = desktop("second0003", "node-b", new RecordingListener());
        second.deploy();
        assertThat(second.stop(WAIT).notes()).containsExactly("Namespace " + NS
                + " kept: it now holds 1 other pod(s) and 1 other secret(s).");

        // The first session stops last, but the second marked the namespace after it: it stays for
        // the second's next start, and the sweep removes it once nobody has used it for a while.
        TeardownReport firstStop = first.stop(WAIT);
        assertThat(firstStop.notes()).containsExactly("Namespace " + NS
                + " kept: session second0003 started using it after this one.");
        assertThat(api.simulator().namespaces().withName(NS).get()).isNotNull();
        clock.advance(Duration.ofMinutes(6));
        assertThat(new OrphanSweeper(api.client(), clock, SensorSettings.defaults()).sweep().removed())
                .containsExactly("namespace " + NS + " (created by Nightjar, empty)");
    }

    private static void awaitStep(RecordingListener steps, String text) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (steps.steps.stream().noneMatch(s -> s.contains(text))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no step containing \"" + text + "\"; steps: " + steps.steps);
            }
            Thread.sleep(20);
        }
    }
}
