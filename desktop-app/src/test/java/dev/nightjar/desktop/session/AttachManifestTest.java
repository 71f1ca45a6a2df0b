package dev.nightjar.desktop.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * packaging/kubernetes/nightjar-attach.yaml is what {@code nightjar manifest --attach} prints,
 * and its sensor is the session sensor with only what a DaemonSet needs changed.
 */
class AttachManifestTest {

    static Path attachYaml() {
        return RbacRulesTest.rbacDir().getParent().resolve("kubernetes").resolve("nightjar-attach.yaml");
    }

    static List<HasMetadata> parse(String yaml) {
        return Arrays.stream(yaml.split("(?m)^---\\s*$"))
                .filter(doc -> doc.lines().anyMatch(l -> !l.isBlank() && !l.startsWith("#")))
                .map(doc -> (HasMetadata) new KubernetesSerialization().unmarshal(doc)).toList();
    }

    static DaemonSet daemonSet(List<HasMetadata> objects) {
        return objects.stream().filter(DaemonSet.class::isInstance).map(DaemonSet.class::cast).findFirst().orElseThrow();
    }

    @Test
    void theCheckedInManifestIsWhatTheDesktopGenerates() throws Exception {
        List<HasMetadata> checkedIn = parse(Files.readString(attachYaml()));
        String image = daemonSet(checkedIn).getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
        assertThat(ImageReference.parse(image).name()).isEqualTo(SensorSettings.IMAGE_REPOSITORY);

        assertThat(checkedIn).containsExactlyElementsOf(
                AttachManifest.objects(image, AttachSettings.DEFAULT_NAMESPACE, PrivilegeMode.LEAST_PRIVILEGE));
        assertThat(checkedIn).extracting(HasMetadata::getKind)
                .containsExactly("Namespace", "Secret", "DaemonSet", "Role", "RoleBinding");
    }

    @Test
    void theDaemonSetRunsTheSessionSensorIdleForeverOnLabelledNodes() throws Exception {
        DaemonSet ds = daemonSet(parse(Files.readString(attachYaml())));
        var spec = ds.getSpec().getTemplate().getSpec();
        Container c = spec.getContainers().getFirst();
        SessionPlan plan = new SessionPlan(new SessionId("x"), List.of("n"), PrivilegeMode.LEAST_PRIVILEGE,
                SensorSettings.defaults().withImage(c.getImage()));
        Container session = SensorPodSpec.build(plan, "n").getSpec().getContainers().getFirst();

        assertThat(c.getArgs()).isEqualTo(SensorPodSpec.args("0"));
        assertThat(c.getArgs()).containsSequence("--idle-exit", "0");
        assertThat(c.getSecurityContext()).isEqualTo(session.getSecurityContext());
        assertThat(c.getVolumeMounts()).isEqualTo(session.getVolumeMounts());
        assertThat(c.getResources()).isEqualTo(session.getResources());
        assertThat(spec.getHostPID()).isTrue();
        assertThat(spec.getAutomountServiceAccountToken()).isFalse();
        assertThat(spec.getRestartPolicy()).isEqualTo("Always");
        assertThat(spec.getActiveDeadlineSeconds()).isNull();
        assertThat(spec.getNodeName()).isNull();
        assertThat(spec.getNodeSelector()).containsEntry(AttachManifest.NODE_LABEL, "true");
        assertThat(spec.getVolumes()).anySatisfy(v -> assertThat(v.getSecret() == null ? null
                : v.getSecret().getSecretName()).isEqualTo(AttachManifest.TOKEN_SECRET));
        assertThat(ds.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(AttachedSensors.SELECTOR);
    }
}
