package dev.nightjar.desktop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.cluster.NightjarLabels;
import dev.nightjar.desktop.session.LeaseTimes;
import dev.nightjar.desktop.session.PrivilegeMode;
import dev.nightjar.desktop.session.SensorManifest;
import dev.nightjar.desktop.session.SensorSettings;
import dev.nightjar.desktop.session.SessionId;
import dev.nightjar.desktop.session.SessionPlan;
import dev.nightjar.desktop.session.SessionToken;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ManifestCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new DesktopCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static List<HasMetadata> parse(String yaml) {
        return Arrays.stream(yaml.split("(?m)^---\\s*$"))
                .filter(doc -> doc.lines().anyMatch(l -> !l.isBlank() && !l.startsWith("#")))
                .map(doc -> (HasMetadata) new KubernetesSerialization().unmarshal(doc))
                .toList();
    }

    @Test
    void printsTheSessionObjectsAsYamlThatParsesBackIntoTheSameObjects() {
        Run r = run("manifest", "--node", "worker-1", "--node", "worker-2", "--least-privilege",
                "--image", "registry.example/nightjar-sensor:test", "--session", "feedbeef00");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();

        List<HasMetadata> objects = parse(r.out());
        assertThat(objects).extracting(HasMetadata::getKind).containsExactly("Namespace", "Secret", "Pod", "Pod");
        Secret secret = (Secret) objects.get(1);
        assertThat(secret.getStringData()).containsEntry("token", SessionToken.PLACEHOLDER);
        assertThat(r.out()).contains("# The Secret's token below is a placeholder (" + SessionToken.PLACEHOLDER + ")");

        // Rebuild what the desktop would deploy for this session and lease: the printed objects are exactly those.
        String lease = secret.getMetadata().getAnnotations().get(NightjarLabels.LEASE_EXPIRES);
        SessionPlan plan = new SessionPlan(new SessionId("feedbeef00"), List.of("worker-1", "worker-2"),
                PrivilegeMode.LEAST_PRIVILEGE, SensorSettings.defaults().withImage("registry.example/nightjar-sensor:test"));
        SensorManifest expected = SensorManifest.of(plan, SessionToken.placeholder(),
                LeaseTimes.parse(lease).orElseThrow());
        assertThat(objects).containsExactlyElementsOf(expected.objects());
        assertThat(((Pod) objects.get(2)).getSpec().getContainers().getFirst().getSecurityContext().getCapabilities()
                .getAdd()).contains("BPF", "PERFMON");
    }

    @Test
    void privilegedIsTheDefaultAndTheImageDefaultsToThisVersion() {
        Run r = run("manifest", "--node", "n1");
        Pod pod = (Pod) parse(r.out()).get(2);
        assertThat(pod.getSpec().getContainers().getFirst().getSecurityContext().getPrivileged()).isTrue();
        assertThat(pod.getSpec().getContainers().getFirst().getImage()).isEqualTo(SensorSettings.defaults().image());
    }

    @Test
    void aNodeIsRequiredAndABadSessionIdIsExplained() {
        Run noNode = run("manifest");
        assertThat(noNode.exit()).isEqualTo(2);
        assertThat(noNode.err()).contains("Missing required option: '--node=NAME'");

        Run bad = run("manifest", "--node", "n1", "--session", "Not_Valid");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("A session id is 1 to 32 lowercase letters");
        assertThat(bad.out()).isEmpty();
    }

    @Test
    void theRememberedSettingsOfAContextShapeThePreviewAndOptionsOverrideThem(@org.junit.jupiter.api.io.TempDir
                                                                             java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("session-settings.json");
        new dev.nightjar.desktop.session.SessionSettingsStore(file).save("prod-eu",
                dev.nightjar.desktop.session.SessionSettings.defaults()
                        .withPrivilege(PrivilegeMode.LEAST_PRIVILEGE)
                        .withSensor(SensorSettings.defaults().withImage("registry.corp.example/mirror/nightjar-sensor:0.2.0")
                                .withNamespace("team-debug").withScheduling(List.of("regcred"), List.of("*"), "")));

        Run r = run("manifest", "--context", "prod-eu", "--settings-file", file.toString(), "--node", "n1");
        assertThat(r.exit()).isZero();
        List<HasMetadata> objects = parse(r.out());
        Pod pod = (Pod) objects.get(2);
        assertThat(pod.getMetadata().getNamespace()).isEqualTo("team-debug");
        assertThat(objects.getFirst().getMetadata().getName()).isEqualTo("team-debug");
        assertThat(pod.getSpec().getContainers().getFirst().getImage())
                .isEqualTo("registry.corp.example/mirror/nightjar-sensor:0.2.0");
        assertThat(pod.getSpec().getImagePullSecrets()).extracting(s -> s.getName()).containsExactly("regcred");
        assertThat(pod.getSpec().getContainers().getFirst().getSecurityContext().getPrivileged()).isFalse();

        Run overridden = run("manifest", "--context", "prod-eu", "--settings-file", file.toString(), "--node", "n1",
                "--namespace", "other", "--image", "ghcr.io/nightjar-dev/nightjar-sensor:9.9.9");
        Pod other = (Pod) parse(overridden.out()).get(2);
        assertThat(other.getMetadata().getNamespace()).isEqualTo("other");
        assertThat(other.getSpec().getContainers().getFirst().getImage()).isEqualTo("ghcr.io/nightjar-dev/nightjar-sensor:9.9.9");
    }

    @Test
    void attachPrintsTheDaemonSetAndItsRoleAndNeedsNoNode() {
        Run r = run("manifest", "--attach", "--image", "ghcr.io/nightjar-dev/nightjar-sensor:0.2.0");
        assertThat(r.exit()).isZero();
        assertThat(parse(r.out())).extracting(HasMetadata::getKind)
                .containsExactly("Namespace", "Secret", "DaemonSet", "Role", "RoleBinding");
        assertThat(r.out()).contains("--idle-exit").contains("\"0\"").contains("nightjar.dev/sensor");
        Run noNode = run("manifest");
        assertThat(noNode.exit()).isEqualTo(2);
        assertThat(noNode.err()).contains("--attach for the DaemonSet");
    }
}
