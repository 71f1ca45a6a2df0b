package dev.nightjar.desktop.session;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.cluster.MockApiServer;
import dev.nightjar.desktop.cluster.NightjarLabels;
import dev.nightjar.desktop.testing.ScriptedSensorServer;
import dev.nightjar.protocol.v1.SubscribeRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Not a test: a 100-node session on fabric8's mock API server, timed. Launch (deploy, every
 * pod running, a port-forward and a gRPC stream per node through the port-forward bridge to
 * scripted sensors) until all 100 stream; one lease renewal (one PATCH) against the old shape
 * (a PATCH per pod and the Secret, one after the other); Stop (parallel deletes, confirmation
 * by list, the namespace) against the old shape (sequential deletes, then a GET per object).
 * Each is run with the mock answering at once and with every answer held back by a latency,
 * as from an API server a VPN hop away.
 *
 * <pre>java -cp TEST_CLASSPATH dev.nightjar.desktop.session.SessionScaleBench [nodes] [latency-ms...]</pre>
 */
public final class SessionScaleBench {

    private SessionScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        List<Integer> latencies = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            latencies.add(Integer.parseInt(args[i]));
        }
        if (latencies.isEmpty()) {
            latencies = List.of(0, 20);
        }
        System.out.printf(Locale.ROOT, "%d nodes, %d cores, %s%n", nodes, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"));
        for (int ms : latencies) {
            run(nodes, Duration.ofMillis(ms));
        }
    }

    private static void run(int count, Duration latency) throws Exception {
        SessionToken token = SessionToken.generate();
        List<String> nodes = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            nodes.add(String.format(Locale.ROOT, "ip-10-0-%d-%d.eu-west-1.compute.internal", i / 250, i % 250));
        }
        SessionPlan plan = new SessionPlan(SessionId.random(), nodes, PrivilegeMode.PRIVILEGED, SensorSettings.defaults(),
                "bench");
        Map<String, ScriptedSensorServer> sensors = new ConcurrentHashMap<>();
        for (String n : nodes) {
            sensors.put(SensorObjectNames.pod(plan.id(), n), new ScriptedSensorServer(token.value(), n, 10));
        }
        PortForwardBridge bridge = new PortForwardBridge(pod -> sensors.containsKey(pod) ? sensors.get(pod).port() : 1);
        ApiServerBehaviour behaviour = new ApiServerBehaviour().latency(latency);
        try (MockApiServer api = new MockApiServer(false, crud -> behaviour.around(bridge.around(crud)));
             FakeKubelet kubelet = new FakeKubelet(api.simulator(), NightjarLabels.NAMESPACE, n -> FakeKubelet.Answer.RUN)) {
            for (String n : nodes) {
                api.simulator().nodes().resource(ClusterFixtures.node(n)).create();
            }
            KubernetesClient desktop = api.client();
            CaptureStore store = new CaptureStore(StoreLimits.uniform(10_000, count));
            LaunchBoard board = new LaunchBoard(nodes, Clock.systemUTC());

            long t0 = System.nanoTime();
            CaptureLauncher.Launched launched = new CaptureLauncher(desktop, Clock.systemUTC(), Duration.ofMinutes(3),
                    Duration.ofHours(1)).launch(plan, store, SubscribeRequest.getDefaultInstance(), l -> { },
                    ClusterSensorSession.StateListener.NONE, board, token);
            long firstMs = (System.nanoTime() - t0) / 1_000_000;
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (board.rows().stream().anyMatch(r -> r.step() != LaunchStep.STREAMING) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long allMs = (System.nanoTime() - t0) / 1_000_000;
            long streaming = board.rows().stream().filter(r -> r.step() == LaunchStep.STREAMING).count();

            SensorDeployment d = launched.deployment();
            long renewNs = time(() -> d.lease().renew());
            String patch = "{\"metadata\":{\"annotations\":{\"" + NightjarLabels.LEASE_EXPIRES + "\":\"2030-01-01T00:00:00Z\"}}}";
            long oldRenewNs = time(() -> {
                for (String n : nodes) {
                    desktop.pods().inNamespace(NightjarLabels.NAMESPACE).withName(SensorObjectNames.pod(plan.id(), n))
                            .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
                }
                desktop.secrets().inNamespace(NightjarLabels.NAMESPACE).withName(SensorObjectNames.secret(plan.id()))
                        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
                return null;
            });

            long t1 = System.nanoTime();
            TeardownReport report = launched.stop(SensorDeployment.TEARDOWN);
            long stopMs = (System.nanoTime() - t1) / 1_000_000;

            long oldStopMs = oldShapeTeardown(desktop, count, latency, token, behaviour);
            System.out.printf(Locale.ROOT, "latency %3d ms | first stream %6d ms | all %d streaming %6d ms | lease renewal"
                            + " %5.0f ms (old shape, %d PATCHes: %6.0f ms) | Stop %6d ms, complete %s, %d removed"
                            + " (old shape: %6d ms)%n", latency.toMillis(), firstMs, streaming, allMs, renewNs / 1e6,
                    count + 1, oldRenewNs / 1e6, stopMs, report.complete(), report.removed().size(), oldStopMs);
        } finally {
            bridge.close();
            for (ScriptedSensorServer s : sensors.values()) {
                s.close();
            }
        }
    }

    /**
     * The teardown as it was: every delete one after the other, then a GET per object until
     * it is gone. Measured on a deployment of the same size made for it.
     */
    private static long oldShapeTeardown(KubernetesClient desktop, int count, Duration latency, SessionToken token,
                                         ApiServerBehaviour behaviour) throws Exception {
        List<String> nodes = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            nodes.add("old-" + i);
        }
        for (String n : nodes) {
            desktop.nodes().resource(ClusterFixtures.node(n)).create();
        }
        SessionPlan plan = new SessionPlan(SessionId.random(), nodes, PrivilegeMode.PRIVILEGED, SensorSettings.defaults());
        SensorDeployment d = new SensorDeployment(desktop, plan, Clock.systemUTC(), DeploymentListener.NONE, token,
                Duration.ofHours(1));
        d.deploy();
        d.abandon();
        String ns = plan.namespace();
        long t = System.nanoTime();
        List<String> pods = nodes.stream().map(n -> SensorObjectNames.pod(plan.id(), n)).toList();
        for (String p : pods) {
            desktop.pods().inNamespace(ns).withName(p).delete();
        }
        desktop.secrets().inNamespace(ns).withName(SensorObjectNames.secret(plan.id())).delete();
        for (String p : pods) {
            while (desktop.pods().inNamespace(ns).withName(p).get() != null) {
                Thread.sleep(200);
            }
        }
        return (System.nanoTime() - t) / 1_000_000;
    }

    private static long time(java.util.concurrent.Callable<?> work) throws Exception {
        long t = System.nanoTime();
        work.call();
        return System.nanoTime() - t;
    }
}
