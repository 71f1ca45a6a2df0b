package dev.nightjar.desktop.session;

import static dev.nightjar.desktop.session.ClusterFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.bundle.BundleExport;
import dev.nightjar.desktop.bundle.BundleImport;
import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.cluster.MockApiServer;
import dev.nightjar.desktop.stream.LocalSensor;
import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.SubscribeRequest;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.testing.KernelTest;
import dev.nightjar.testing.Requires;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attach mode end to end: the platform team's DaemonSet (packaging/kubernetes/nightjar-attach.yaml)
 * has its pods created by the test, as the DaemonSet controller would, on the labelled nodes;
 * the REAL sensor runs behind the mock API server's port-forward bridge with the template's
 * {@code --idle-exit 0}; the desktop is held to attach mode's Role and nothing else (the
 * mock refuses every other request with 403, as an API server would). It must find the
 * sensor by label, stream real flows through a port-forward (and reconnect after a break),
 * say which chosen node has no sensor, create and delete nothing, and write a bundle like any
 * other capture.
 */
@KernelTest
class AttachModeTest {

    private static final String NS = AttachSettings.DEFAULT_NAMESPACE;
    private static final Duration WAIT = Duration.ofSeconds(45);

    private final Map<String, LocalSensor> sensorByPod = new ConcurrentHashMap<>();
    private final CaptureStore store = new CaptureStore(StoreLimits.uniform(100_000, 4));
    private PortForwardBridge bridge;
    private MockApiServer api;
    private AttachLauncher.Attached attached;
    private LoopbackTraffic traffic;

    @TempDir
    Path dir;

    @AfterEach
    void stop() throws Exception {
        try {
            if (attached != null) {
                attached.stop(Duration.ofSeconds(5));
            }
        } finally {
            Closing.all(traffic, bridge, api, Closing.each(sensorByPod.values()));
        }
    }

    @Test
    void theDesktopAttachesToTheInstalledSensorWithOnlyTheAttachRole() throws Exception {
        Requires.root("start a sensor (it loads eBPF programs)");
        Path jar = Requires.sensorJar();
        RbacRules attachRole = RbacRules.loadFile(AttachManifestTest.attachYaml());
        bridge = new PortForwardBridge(pod -> sensorByPod.containsKey(pod) ? sensorByPod.get(pod).address().port() : 1);
        api = new MockApiServer(false, crud -> new ApiServerBehaviour().enforce(attachRole).around(bridge.around(crud)));
        labelledNode("node-a", true);
        labelledNode("node-c", false);
        DaemonSet ds = AttachManifestTest.daemonSet(AttachManifestTest.parse(Files.readString(
                AttachManifestTest.attachYaml())));
        String token = SessionToken.generate().value();

        // The DaemonSet controller and the kubelet: a pod from the template on each labelled node, running
        // the real sensor with the template's arguments (its own port and token file on this machine).
        Pod pod = daemonSetPod(ds, "node-a", "nightjar-sensor-7xk2p");
        List<String> args = pod.getSpec().getContainers().getFirst().getArgs();
        List<String> keep = new ArrayList<>(List.of("--idle-exit", args.get(args.indexOf("--idle-exit") + 1),
                "--node-name", "node-a"));
        sensorByPod.put("nightjar-sensor-7xk2p", LocalSensor.start(jar, Path.of(System.getProperty("java.home")), keep,
                token));
        api.simulator().pods().inNamespace(NS).resource(pod).create();
        ClusterFixtures.running(api.simulator(), NS, "nightjar-sensor-7xk2p");
        Path tokenFile = Files.writeString(dir.resolve("attach.token"), token + "\n");
        traffic = LoopbackTraffic.start();
        api.takeRequests();

        attached = new AttachLauncher(api.client(), Clock.systemUTC(), Duration.ofMillis(500)).attach(
                List.of("node-a", "node-c"), new AttachSettings(NS, tokenFile.toString()), store,
                SubscribeRequest.newBuilder().addKinds(EventKind.EVENT_KIND_FLOWS).build(), line -> { },
                ClusterSensorSession.StateListener.NONE, new LaunchBoard(List.of("node-a", "node-c"), Clock.systemUTC()));

        LaunchBoard board = attached.board().orElseThrow();
        awaitWithTraffic(() -> flows() > 0 && board.row("node-a").step() == LaunchStep.STREAMING,
                "real flows from the installed sensor");
        assertThat(board.row("node-c").step()).isEqualTo(LaunchStep.NO_SENSOR);
        assertThat(board.row("node-c").reason()).contains("no installed Nightjar sensor runs on node node-c")
                .contains("nightjar.dev/sensor=true");
        assertThat(board.row("node-c").redeployable()).isFalse();
        assertThat(attached.enricher().problems()).as("names need more than the attach role, and say so")
                .isNotEmpty().allSatisfy(p -> assertThat(p).contains("stay unnamed"));

        // A broken forward: the desktop looks at the pod (get), finds it running, and reconnects.
        int before = flows();
        bridge.breakWithError("error forwarding port 7700 to pod: connection reset by peer");
        awaitWithTraffic(() -> flows() > before && board.row("node-a").step() == LaunchStep.STREAMING,
                "flows after the reconnect");
        // The look at the pod runs beside the reconnect, on its own thread: wait until the API server saw it.
        List<RecordedRequest> seen = new ArrayList<>();
        awaitWithTraffic(() -> {
            seen.addAll(takeRequests());
            return seen.stream().anyMatch(r -> "GET".equals(r.getMethod())
                    && r.getPath().endsWith("/namespaces/" + NS + "/pods/nightjar-sensor-7xk2p"));
        }, "a GET of the pod whose stream broke");

        TeardownReport report = attached.stop(Duration.ofSeconds(5));
        attached = null;
        assertThat(report.removed()).isEmpty();
        assertThat(report.complete()).isTrue();
        assertThat(api.simulator().pods().inNamespace(NS).list().getItems()).hasSize(1);

        seen.addAll(api.takeRequests());
        List<ApiRequestAttributes> made = seen.stream().filter(r -> !MockApiServer.fromSimulator(r))
                .map(r -> ApiRequestAttributes.of(r.getMethod(), r.getPath())).flatMap(a -> a.checks().stream())
                .toList();
        List<ApiRequestAttributes> inNamespace = made.stream().filter(a -> NS.equals(a.namespace())).toList();
        assertThat(inNamespace).as("attach mode only reads and port-forwards")
                .allSatisfy(a -> assertThat(a.verb() + " " + a.resource() + "/" + a.subresource())
                        .isIn("list pods/null", "get pods/null", "get pods/portforward", "create pods/portforward"));
        assertThat(attachRole.unusedBy(made)).as("rules of the attach Role nothing used").isEmpty();

        // Same bundles as any capture.
        Path bundle = dir.resolve("attached.njcap");
        BundleExport.write(store, bundle, attached == null ? null : attached.snapshot());
        CaptureStore reopened = new CaptureStore(StoreLimits.uniform(100_000, 4));
        BundleImport.into(bundle, reopened);
        assertThat(reopened.node("node-a").orElseThrow().size(PayloadKind.FLOW)).isGreaterThan(0);
    }

    private void labelledNode(String name, boolean sensor) {
        NodeBuilder b = new NodeBuilder(node(name));
        if (sensor) {
            b.editMetadata().addToLabels(AttachManifest.NODE_LABEL, "true").endMetadata();
        }
        api.simulator().nodes().resource(b.build()).create();
    }

    /** What the DaemonSet controller creates for a node: the template, bound to it. */
    private static Pod daemonSetPod(DaemonSet ds, String node, String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .withLabels(ds.getSpec().getTemplate().getMetadata().getLabels())
                .withAnnotations(ds.getSpec().getTemplate().getMetadata().getAnnotations()).endMetadata()
                .withSpec(new io.fabric8.kubernetes.api.model.PodSpecBuilder(ds.getSpec().getTemplate().getSpec())
                        .withNodeName(node).build())
                .build();
    }

    private int flows() {
        return store.nodeNames().stream().mapToInt(n -> store.node(n).map(c -> c.size(PayloadKind.FLOW)).orElse(0)).sum();
    }

    private List<RecordedRequest> takeRequests() {
        try {
            return api.takeRequests();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** Makes traffic every 100 ms until the condition holds; at most {@link #WAIT}. */
    private void awaitWithTraffic(BooleanSupplier condition, String what) throws InterruptedException {
        traffic.awaitWhileMaking(condition, WAIT, () -> "no " + what + " within " + WAIT.toSeconds() + " s; board: "
                + (attached == null ? "-" : attached.board().orElseThrow().rows()));
    }
}
