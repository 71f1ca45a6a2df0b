package dev.nightjar.desktop.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.cluster.MockApiServer;
import dev.nightjar.desktop.cluster.NightjarLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pre-flight check against a mock API server that answers SelfSubjectAccessReviews from
 * RBAC rules, as the API server's authorizer does: a user bound to the desktop's roles gets
 * every permission; one bound only to the ClusterRole is told exactly which namespaced
 * permissions to ask for, as a Role to apply.
 */
class PermissionCheckTest {

    @TempDir
    Path dir;

    @Test
    void aUserWithTheDesktopRolesMayDoEverythingAndOneWithoutTheRoleIsToldWhatToAskFor() throws Exception {
        RbacRules full = RbacRules.load(RbacRulesTest.rbacDir());
        Path onlyClusterRole = Files.copy(RbacRulesTest.rbacDir().resolve("nightjar-desktop-clusterrole.yaml"),
                dir.resolve("clusterrole.yaml"));
        RbacRules partial = RbacRules.loadFile(onlyClusterRole);
        List<RequiredPermission> needed = SessionPermissions.forDeploy(NightjarLabels.NAMESPACE);

        try (MockApiServer api = new MockApiServer(false, new ApiServerBehaviour().authorizer(full)::around)) {
            assertThat(new PermissionCheck(api.client()).run(needed)).hasSize(needed.size())
                    .allSatisfy(r -> assertThat(r.verdict()).isEqualTo(PermissionResult.Verdict.ALLOWED));
        }
        try (MockApiServer api = new MockApiServer(false, new ApiServerBehaviour().authorizer(partial)::around)) {
            List<PermissionResult> results = new PermissionCheck(api.client()).run(needed);

            List<String> denied = results.stream().filter(r -> r.verdict() == PermissionResult.Verdict.DENIED)
                    .map(r -> r.permission().describe()).toList();
            // (list/watch pods in nightjar are granted: the ClusterRole lets enrichment list pods everywhere)
            assertThat(denied).containsExactlyInAnyOrder("create pods in nightjar", "delete pods in nightjar", "get pods/portforward in nightjar",
                    "create pods/portforward in nightjar", "create secrets in nightjar", "get secrets in nightjar",
                    "list secrets in nightjar", "patch secrets in nightjar", "delete secrets in nightjar",
                    "list events in nightjar", "watch events in nightjar");
            assertThat(results.stream().filter(r -> r.verdict() == PermissionResult.Verdict.DENIED))
                    .anySatisfy(r -> assertThat(r.permission().canI())
                            .isEqualTo("kubectl auth can-i get pods --subresource=portforward -n nightjar"));

            // What to ask for is a Role that, applied, grants exactly what was missing.
            String ask = PermissionCheck.askFor(results, "nightjar-desktop");
            HasMetadata asked = new KubernetesSerialization().unmarshal(ask);
            assertThat(asked).isInstanceOf(Role.class);
            assertThat(asked.getMetadata().getNamespace()).isEqualTo("nightjar");
            Path askedFile = Files.writeString(dir.resolve("asked.yaml"), ask);
            Files.copy(onlyClusterRole, dir.resolve("both-clusterrole.yaml"));
            RbacRules after = RbacRules.loadFile(askedFile);
            for (PermissionResult r : results) {
                if (r.verdict() == PermissionResult.Verdict.DENIED) {
                    RequiredPermission p = r.permission();
                    assertThat(after.allows(new ApiRequestAttributes("GET", "/", true, p.verb(), p.group(), p.resource(),
                            p.subresource().isEmpty() ? null : p.subresource(), p.namespace(), null)))
                            .as(p.describe()).isTrue();
                }
            }
        }
    }

    @Test
    void anApiServerThatDoesNotAnswerReviewsGivesUnknownNotAllowed() throws Exception {
        // fabric8's CRUD mock has no authorizer: it refuses a review (no name) instead of answering it.
        try (MockApiServer api = new MockApiServer()) {
            List<PermissionResult> results = new PermissionCheck(api.client())
                    .run(SessionPermissions.forAttach("nightjar-attach"));
            assertThat(results).hasSize(4).allSatisfy(r -> {
                assertThat(r.verdict()).isEqualTo(PermissionResult.Verdict.UNKNOWN);
                assertThat(r.detail()).startsWith("could not ask: ");
            });
            assertThat(PermissionCheck.askFor(results, "x")).isEmpty();
        }
    }
}
