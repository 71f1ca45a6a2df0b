package dev.nightjar.desktop.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exec-plugin tokens that expire every few seconds, against the mock API server (CRUD) behind
 * a {@link TokenGate} that accepts only the plugin's latest, unexpired token: the client built
 * for the kubeconfig context keeps working across several expiry periods (the plugin re-run on
 * {@code expirationTimestamp}), re-runs the plugin when the server answers 401, and reports a
 * plugin that fails on a later run as a plugin failure.
 */
class ExecTokenRefreshTest {

    private static final int LIFE_SECONDS = 2;

    @TempDir
    Path dir;

    private Path pluginDir;
    private TokenGate gate;
    private MockApiServer api;

    @BeforeEach
    void start() throws Exception {
        pluginDir = dir.resolve("plugin");
        Files.createDirectories(pluginDir);
        gate = new TokenGate(pluginDir);
        api = new MockApiServer(false, gate::around);
        api.simulator().nodes().resource(new NodeBuilder().withNewMetadata().withName("worker-1").endMetadata().build())
                .create();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private KubernetesClient client(Path plugin) throws Exception {
        Path kubeconfig = TestKubeconfig.write(dir.resolve("config"), "eks", api.server().url("/"), List.of(),
                TestKubeconfig.exec(plugin, "interactiveMode: Never"));
        ClientOptions options = new ClientOptions(Map.of(), PluginPrompts.NONE,
                new ExecPluginTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(20)),
                new ExecutableLookup("", false), Clock.systemUTC());
        return Kubeconfigs.load(kubeconfig.toString(), dir).clientFor("eks", options);
    }

    @Test
    void requestsKeepWorkingAcrossSeveralExpiryPeriods() throws Exception {
        Path plugin = PluginScripts.expiring(pluginDir, LIFE_SECONDS);
        try (KubernetesClient client = client(plugin)) {
            long end = System.nanoTime() + Duration.ofSeconds(4L * LIFE_SECONDS + 1).toNanos();
            int requests = 0;
            while (System.nanoTime() < end) {
                assertThat(client.nodes().list().getItems()).as("request %d", requests)
                        .extracting(n -> n.getMetadata().getName()).containsExactly("worker-1");
                requests++;
                Thread.sleep(150);
            }
            Set<String> tokens = new LinkedHashSet<>(gate.accepted());
            // A token's life is whole seconds from `date +%s` (1 to 2 s here): one may expire before it is used.
            assertThat(tokens).as("tokens the server accepted, in order").hasSizeGreaterThanOrEqualTo(4);
            assertThat(tokens.stream().map(t -> Integer.parseInt(t.substring("tok-".length()))).toList())
                    .as("each a newer plugin run's").isSorted().doesNotHaveDuplicates();
            assertThat(PluginScripts.count(pluginDir)).as("plugin runs")
                    .isBetween(tokens.size(), tokens.size() + gate.unauthorized());
            assertThat(requests).isGreaterThan(10);
        }
    }

    @Test
    void aRefusedTokenRunsThePluginAgainAndTheRequestGoesThrough() throws Exception {
        Path plugin = PluginScripts.expiring(pluginDir, 600);
        try (KubernetesClient client = client(plugin)) {
            client.nodes().list();
            assertThat(PluginScripts.count(pluginDir)).isEqualTo(1);
            assertThat(gate.accepted()).containsOnly("tok-1");

            gate.revokeCurrent(); // valid for ten more minutes, but the server no longer takes it

            assertThat(client.nodes().withName("worker-1").get()).isNotNull();
            assertThat(gate.unauthorized()).as("one 401, then the retry with the new token").isEqualTo(1);
            assertThat(PluginScripts.count(pluginDir)).isEqualTo(2);
            assertThat(gate.accepted()).last().isEqualTo("tok-2");
            client.nodes().list();
            assertThat(PluginScripts.count(pluginDir)).as("the new token is kept while valid").isEqualTo(2);
        }
    }

    @Test
    void aPluginThatFailsOnALaterRunIsReportedAsAPluginFailureNotAs401() throws Exception {
        // Expiry is whole seconds from `date +%s`: 3 s means between 2 and 3 s, room for the first list.
        Path plugin = PluginScripts.failsAfterFirst(pluginDir, 3);
        try (KubernetesClient client = client(plugin)) {
            client.nodes().list();
            Thread.sleep(3_500); // tok-1 expires

            Throwable error = catchThrowable(() -> client.nodes().list());

            KubeContext context = Kubeconfigs.load(dir.resolve("config").toString(), dir).context("eks");
            ConnectionProblem problem = new ConnectionProblems(new ExecutableLookup("", false)).explain(error, context);
            assertThat(problem.kind()).isEqualTo(ConnectionProblem.Kind.CREDENTIAL_PLUGIN_FAILED);
            assertThat(problem.message()).contains("fails-later-plugin").contains("exit status 1")
                    .contains("the SSO session has expired").doesNotContain("system:anonymous").doesNotContain("RBAC");
            assertThat(gate.unauthorized()).as("no request went out without a valid token").isZero();
        }
    }
}
