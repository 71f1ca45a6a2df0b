package dev.nightjar.desktop.session;

import static dev.nightjar.desktop.session.ClusterFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.cluster.MockApiServer;
import dev.nightjar.desktop.cluster.NightjarLabels;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The second cleanup layer for real: a desktop JVM that is terminated (SIGTERM, as on
 * logout or Ctrl-C) removes its sensor pods, Secret and namespace on the way out.
 */
class ShutdownTeardownProcessTest {

    @Test
    void aTerminatedDesktopRemovesItsSensorOnTheWayOut() throws Exception {
        try (MockApiServer api = new MockApiServer()) {
            api.simulator().nodes().resource(node("node-a")).create();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process desktop = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    DeployThenWait.class.getName(), api.server().url("/"), "sigterm01")
                    .redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(desktop.getInputStream(),
                        StandardCharsets.UTF_8));
                String line;
                StringBuilder seen = new StringBuilder();
                while ((line = out.readLine()) != null && !line.equals("deployed")) {
                    seen.append(line).append('\n');
                }
                assertThat(line).as("the child desktop's output:\n" + seen).isEqualTo("deployed");
                assertThat(api.simulator().pods().inNamespace(NightjarLabels.NAMESPACE).list().getItems()).hasSize(1);

                desktop.destroy(); // SIGTERM: shutdown hooks run
                assertThat(desktop.waitFor(60, TimeUnit.SECONDS)).isTrue();

                assertThat(api.simulator().pods().inNamespace(NightjarLabels.NAMESPACE).list().getItems()).isEmpty();
                assertThat(api.simulator().secrets().inNamespace(NightjarLabels.NAMESPACE).list().getItems()).isEmpty();
                assertThat(api.simulator().namespaces().withName(NightjarLabels.NAMESPACE).get()).isNull();
            } finally {
                desktop.destroyForcibly();
            }
        }
    }
}
