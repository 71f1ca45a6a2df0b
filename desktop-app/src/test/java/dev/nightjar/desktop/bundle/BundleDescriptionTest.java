package dev.nightjar.desktop.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.bundle.Manifest;
import dev.nightjar.protocol.v1.SecurityHooks;
import dev.nightjar.protocol.v1.SensorInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an opened bundle's banner says about the security policies its sensors ran. */
class BundleDescriptionTest {

    private static Manifest.Node node(int index, String name, SensorInfo info) {
        return new Manifest.Node(index, name, "nodes/" + index + "/events.pb", 0, 0, "0".repeat(64), Map.of(), info);
    }

    private static Manifest manifest(List<Manifest.Node> nodes) {
        return new Manifest(Manifest.FORMAT_VERSION, "nightjar test", Instant.parse("2026-12-03T22:00:00Z"), null,
                nodes, null, List.of());
    }

    @Test
    void theBannerListsThePoliciesAnyNodesSensorRanEachOnce() {
        SensorInfo a = SensorInfo.newBuilder().setSecurityHooks(SecurityHooks.newBuilder()
                .addPolicies("sensitive-kernel-paths").addPolicies("shell-in-container")).build();
        SensorInfo b = SensorInfo.newBuilder().setSecurityHooks(SecurityHooks.newBuilder()
                .addPolicies("kill-free-lab").addPolicies("sensitive-kernel-paths")).build();

        String banner = BundleDescription.banner(manifest(List.of(node(0, "node-a", a), node(1, "node-b", b),
                node(2, "node-c", null))), List.of());

        assertThat(banner).endsWith("Security policies in force: kill-free-lab, sensitive-kernel-paths,"
                + " shell-in-container.");
    }

    @Test
    void aBundleWithoutPoliciesSaysNothingAboutThem() {
        String banner = BundleDescription.banner(manifest(List.of(node(0, "node-a", SensorInfo.getDefaultInstance()))),
                List.of());

        assertThat(banner).doesNotContain("Security policies");
    }
}
