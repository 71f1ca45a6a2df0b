package dev.nightjar.desktop.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nightjar.desktop.security.SecurityEvents;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Session settings: checked before anything is created, remembered per context, and what the pod is made of. */
class SessionSettingsTest {

    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            ghcr.io/nightjar-dev/nightjar-sensor:0.2.0                 | ghcr.io/nightjar-dev/nightjar-sensor | 0.2.0 | -
            registry.corp.example:5000/mirror/nightjar-sensor:0.2.0    | registry.corp.example:5000/mirror/nightjar-sensor | 0.2.0 | -
            localhost:5000/nightjar-sensor@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef | localhost:5000/nightjar-sensor | - | sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
            nightjar-sensor:dev@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef | nightjar-sensor | dev | sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
            """)
    void imageReferencesSplitAsARegistryReadsThem(String ref, String name, String tag, String digest) {
        ImageReference r = ImageReference.parse(ref);
        assertThat(r.name()).isEqualTo(name);
        assertThat(r.tag()).isEqualTo(tag == null ? "" : tag);
        assertThat(r.digest()).isEqualTo(digest == null ? "" : digest);
        assertThat(r.pinned()).isEqualTo(digest != null);
        assertThat(r.toString()).isEqualTo(ref);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ghcr.io/nightjar-dev/nightjar-sensor                   | neither a tag nor a digest
            ghcr.io/nightjar-dev/nightjar-sensor@sha256:abc        | is not an image digest
            ghcr.io/Nightjar/Sensor:1                               | is not an image name
            ghcr.io/nightjar-dev/nightjar-sensor:-bad              | is not an image tag
            """)
    void aBadImageReferenceSaysWhichPartIsWrong(String ref, String message) {
        assertThatThrownBy(() -> ImageReference.parse(ref)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void pinningADigestKeepsTheTagForPeople() {
        ImageReference pinned = ImageReference.parse("ghcr.io/nightjar-dev/nightjar-sensor:0.2.0").withDigest(DIGEST);
        assertThat(pinned.toString()).isEqualTo("ghcr.io/nightjar-dev/nightjar-sensor:0.2.0@" + DIGEST);
        assertThat(pinned.withoutDigest()).isEqualTo("ghcr.io/nightjar-dev/nightjar-sensor:0.2.0");
        assertThat(pinned.withDigest("").pinned()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            *                                    | -                      | Exists | -     | -
            dedicated=observability:NoSchedule   | dedicated              | Equal  | observability | NoSchedule
            node-role.kubernetes.io/control-plane:NoSchedule | node-role.kubernetes.io/control-plane | Exists | - | NoSchedule
            gpu                                  | gpu                    | Exists | -     | -
            """)
    void tolerationsAreWrittenAsKubectlTaintsAre(String text, String key, String operator, String value, String effect) {
        Toleration t = TolerationSpec.parse(text);
        assertThat(t.getKey()).isEqualTo(key);
        assertThat(t.getOperator()).isEqualTo(operator);
        assertThat(t.getValue()).isEqualTo(value);
        assertThat(t.getEffect()).isEqualTo(effect);
    }

    @Test
    void invalidSettingsAreRefusedWithTheRule() {
        SensorSettings d = SensorSettings.defaults();
        assertThatThrownBy(() -> d.withNamespace("Team_Debug")).hasMessageContaining("not a valid namespace name");
        assertThatThrownBy(() -> d.withResources("500m", "200m", "128Mi", "256Mi"))
                .hasMessageContaining("CPU request 500m is above its limit 200m");
        assertThatThrownBy(() -> d.withResources("100m", "200m", "lots", "256Mi"))
                .hasMessageContaining("memory request \"lots\" is not a Kubernetes quantity");
        assertThatThrownBy(() -> d.withScheduling(List.of("Reg Cred"), List.of("*"), ""))
                .hasMessageContaining("image pull secret \"Reg Cred\" is not a valid Kubernetes name");
        assertThatThrownBy(() -> d.withScheduling(List.of(), List.of("dedicated=x:Sometimes"), ""))
                .hasMessageContaining("\"Sometimes\" in toleration \"dedicated=x:Sometimes\" is not a taint effect");
        assertThatThrownBy(() -> d.withScheduling(List.of(), List.of("*"), "High Priority"))
                .hasMessageContaining("priority class");
    }

    @Test
    void theSettingsShapeThePod() {
        SensorSettings s = SensorSettings.defaults()
                .withImage("registry.corp.example/mirror/nightjar-sensor:0.2.0@" + DIGEST)
                .withNamespace("team-debug")
                .withResources("50m", "100m", "64Mi", "128Mi")
                .withScheduling(List.of("regcred"), List.of("dedicated=observability:NoSchedule"), "debug-low");
        SessionPlan plan = new SessionPlan(new SessionId("settings01"), List.of("n1"), PrivilegeMode.PRIVILEGED, s);
        Pod pod = SensorPodSpec.build(plan, "n1");

        assertThat(pod.getMetadata().getNamespace()).isEqualTo("team-debug");
        assertThat(pod.getSpec().getContainers().getFirst().getImage())
                .isEqualTo("registry.corp.example/mirror/nightjar-sensor:0.2.0@" + DIGEST);
        assertThat(pod.getSpec().getImagePullSecrets()).extracting(r -> r.getName()).containsExactly("regcred");
        assertThat(pod.getSpec().getTolerations()).singleElement().satisfies(t -> {
            assertThat(t.getKey()).isEqualTo("dedicated");
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
        assertThat(pod.getSpec().getPriorityClassName()).isEqualTo("debug-low");
        assertThat(pod.getSpec().getContainers().getFirst().getResources().getLimits().get("memory").toString())
                .isEqualTo("128Mi");
        assertThat(SensorManifest.of(plan, SessionToken.placeholder(), java.time.Instant.now()).objects())
                .allSatisfy(o -> assertThat(o.getMetadata().getName().equals("team-debug")
                        || "team-debug".equals(o.getMetadata().getNamespace())).isTrue());
    }

    @Test
    void settingsAreRememberedPerContextAndTheDefaultImageFollowsTheVersion() throws Exception {
        SessionSettingsStore store = new SessionSettingsStore(dir.resolve("nested/session-settings.json"));
        assertThat(store.load("prod").settings()).isEqualTo(SessionSettings.defaults());

        SessionSettings prod = SessionSettings.defaults().withPrivilege(PrivilegeMode.LEAST_PRIVILEGE)
                .withSensor(SensorSettings.defaults().withImage("registry.corp.example/mirror/nightjar-sensor:0.2.0")
                        .withNamespace("team-debug").withScheduling(List.of("regcred"), List.of("*"), "debug-low"))
                .withMode(LaunchMode.ATTACH).withAttach(new AttachSettings("sensors", "/home/alice/attach.token"));
        SessionSettings staging = SessionSettings.defaults().withPrivilege(PrivilegeMode.LEAST_PRIVILEGE);
        store.save("prod", prod);
        store.save("staging", staging);

        SessionSettingsStore again = new SessionSettingsStore(dir.resolve("nested/session-settings.json"));
        assertThat(again.load("prod").settings()).isEqualTo(prod);
        assertThat(again.load("staging").settings()).isEqualTo(staging);
        assertThat(again.load("other").settings()).isEqualTo(SessionSettings.defaults());
        // The unchanged default image is not written down: an upgrade brings the matching sensor.
        assertThat(Files.readString(again.file())).contains("registry.corp.example/mirror/nightjar-sensor:0.2.0")
                .doesNotContain(SensorSettings.defaults().image());
    }

    @Test
    void theSecurityPoliciesCapturesStartWithAreRememberedAndOffByDefault() throws Exception {
        assertThat(SessionSettings.defaults().security()).isEqualTo(SecurityPolicySetting.OFF);
        SessionSettingsStore store = new SessionSettingsStore(dir.resolve("session-settings.json"));
        SessionSettings files = SessionSettings.defaults().withSecurity(new SecurityPolicySetting(
                SecurityEvents.Mode.POLICY_FILES, List.of("/home/alice/seed.yaml", " /home/alice/more.yaml ")));
        SessionSettings defaults = SessionSettings.defaults().withSecurity(
                new SecurityPolicySetting(SecurityEvents.Mode.DEFAULT_POLICIES, List.of()));
        store.save("prod", files);
        store.save("staging", defaults);

        SessionSettingsStore again = new SessionSettingsStore(dir.resolve("session-settings.json"));
        assertThat(again.load("prod").settings().security().files())
                .containsExactly("/home/alice/seed.yaml", "/home/alice/more.yaml");
        assertThat(again.load("prod").settings()).isEqualTo(files);
        assertThat(again.load("staging").settings()).isEqualTo(defaults);
        assertThatThrownBy(() -> new SecurityPolicySetting(SecurityEvents.Mode.POLICY_FILES, List.of(" ")))
                .hasMessageContaining("choose the TracingPolicy YAML files");
    }

    @Test
    void theManifestPreviewSaysWhichSecurityPoliciesTheSensorsAreAskedFor() {
        SessionPlan plan = SessionPlan.fresh(List.of("node-a"), SessionSettings.defaults(), "prod");
        String off = ManifestPreview.yaml(plan, SecurityPolicySetting.OFF);
        String defaults = ManifestPreview.yaml(plan,
                new SecurityPolicySetting(SecurityEvents.Mode.DEFAULT_POLICIES, List.of()));

        assertThat(off).contains("# Security events: off (asked of each sensor over its stream");
        assertThat(defaults).contains("# Security events: the sensor's default policies");
        // A header line, before the first object: the objects themselves are unchanged.
        assertThat(defaults.indexOf("# Security events")).isLessThan(defaults.indexOf("\n---"));
        assertThat(defaults.split("\n---", -1)).as("the same objects").hasSameSizeAs(off.split("\n---", -1));
    }

    @Test
    void aDamagedFileGivesTheDefaultsAndSaysWhy() throws Exception {
        Path file = dir.resolve("session-settings.json");
        Files.writeString(file, "{ not json");
        SessionSettingsStore.Loaded broken = new SessionSettingsStore(file).load("prod");
        assertThat(broken.settings()).isEqualTo(SessionSettings.defaults());
        assertThat(broken.problem()).get().asString().contains("Could not read " + file);

        Files.writeString(file, "{\"contexts\":{\"prod\":{\"namespace\":\"Not Valid\"}}}");
        SessionSettingsStore.Loaded invalid = new SessionSettingsStore(file).load("prod");
        assertThat(invalid.settings()).isEqualTo(SessionSettings.defaults());
        assertThat(invalid.problem()).get().asString().contains("not valid").contains("namespace");
        // Saving over a damaged file works and keeps nothing of it.
        new SessionSettingsStore(file).save("prod", SessionSettings.defaults());
        assertThat(new SessionSettingsStore(file).load("prod").problem()).isEmpty();
    }

    @Test
    void theConfigDirectoryFollowsThePlatform() {
        assertThat(UserConfigDir.of(null, "Linux", "/home/a", Map.of())).isEqualTo(Path.of("/home/a/.config/nightjar"));
        assertThat(UserConfigDir.of(null, "Linux", "/home/a", Map.of("XDG_CONFIG_HOME", "/x")))
                .isEqualTo(Path.of("/x/nightjar"));
        assertThat(UserConfigDir.of(null, "Mac OS X", "/Users/a", Map.of()))
                .isEqualTo(Path.of("/Users/a/Library/Application Support/Nightjar"));
        assertThat(UserConfigDir.of("/tmp/cfg", "Linux", "/home/a", Map.of())).isEqualTo(Path.of("/tmp/cfg"));
    }
}
