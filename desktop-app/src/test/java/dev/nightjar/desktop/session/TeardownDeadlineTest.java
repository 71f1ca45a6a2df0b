package dev.nightjar.desktop.session;

import static dev.nightjar.desktop.session.ClusterFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.cluster.KubeHttpClientFactory;
import dev.nightjar.desktop.cluster.MockApiServer;
import dev.nightjar.desktop.cluster.NightjarLabels;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stop against an API server that accepts connections and never answers (the VPN went down
 * after the sensors were deployed): the teardown ends within its deadline, retries included,
 * and reports exactly what is left with the kubectl commands that remove it. On the app's
 * HTTP client (OkHttp, {@link KubeHttpClientFactory}) and on fabric8's JDK one.
 */
class TeardownDeadlineTest {

    private static final List<String> NODES = List.of("node-a", "node-b", "node-c");
    private static final Duration DEADLINE = Duration.ofSeconds(5);
    /** What the teardown may take past its deadline: assembling the report, a loaded machine. */
    private static final Duration SLACK = Duration.ofMillis(1500);

    static List<HttpClient.Factory> httpClients() {
        return List.of(new KubeHttpClientFactory(), new JdkHttpClientFactory());
    }

    @ParameterizedTest
    @MethodSource("httpClients")
    void aTeardownAgainstAServerThatNeverAnswersEndsOnTimeAndSaysWhatIsLeft(HttpClient.Factory http) throws Exception {
        try (MockApiServer api = new MockApiServer();
             BlackHoleProxy proxy = new BlackHoleProxy(api.server().getPort())) {
            NODES.forEach(n -> api.simulator().nodes().resource(node(n)).create());
            KubernetesClient desktop = new KubernetesClientBuilder().withHttpClientFactory(http)
                    .withConfig(new ConfigBuilder().withMasterUrl(proxy.url()).build()).build();
            RecordingListener steps = new RecordingListener();
            SessionPlan plan = new SessionPlan(new SessionId("vpndown01"), NODES, PrivilegeMode.PRIVILEGED,
                    SensorSettings.defaults(), "prod-eu");
            SensorDeployment d = new SensorDeployment(desktop, plan, Clock.systemUTC(), steps, SessionToken.generate(),
                    Duration.ofHours(1));
            d.deploy();
            assertThat(api.simulator().pods().inNamespace(NightjarLabels.NAMESPACE).list().getItems()).hasSize(3);

            proxy.blackHole();
            long started = System.nanoTime();
            TeardownReport report = d.stop(DEADLINE);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took).as("the whole teardown, retries included").isLessThan(DEADLINE.plus(SLACK));
            assertThat(report.complete()).isFalse();
            assertThat(report.removed()).isEmpty();
            List<String> pods = NODES.stream().map(n -> SensorObjectNames.pod(plan.id(), n)).toList();
            assertThat(report.leftovers()).extracting(Leftover::kind, Leftover::name).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("pod", pods.get(0)),
                    org.assertj.core.groups.Tuple.tuple("pod", pods.get(1)),
                    org.assertj.core.groups.Tuple.tuple("pod", pods.get(2)),
                    org.assertj.core.groups.Tuple.tuple("secret", SensorObjectNames.secret(plan.id())));
            assertThat(report.commands()).containsExactly(
                    "kubectl --context prod-eu -n nightjar delete pod " + String.join(" ", pods)
                            + " --ignore-not-found --wait=false",
                    "kubectl --context prod-eu -n nightjar delete secret " + SensorObjectNames.secret(plan.id())
                            + " --ignore-not-found --wait=false");
            // The same words go to the shutdown log when the window is closed instead of Stop.
            assertThat(ShutdownTeardown.leftoverText(plan.id(), report)).contains(report.commands().get(0))
                    .contains(report.commands().get(1)).contains("could not remove everything");
            assertThat(steps.steps).anySatisfy(s -> assertThat(s).startsWith("Some objects are still there")
                    .contains("kubectl --context prod-eu"));
            // And it is true: the objects are still in the cluster.
            assertThat(api.simulator().pods().inNamespace(NightjarLabels.NAMESPACE).list().getItems()).hasSize(3);
            desktop.close();
        }
    }
}
