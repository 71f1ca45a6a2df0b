package dev.nightjar.desktop.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The request mapping and the rule matcher that RbacCoverageTest relies on. */
class RbacRulesTest {

    private static RbacRules rules;

    /** packaging/rbac/ of this checkout (tests run in desktop-app/). */
    static Path rbacDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("packaging").resolve("rbac");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("packaging/rbac not found above " + Path.of("").toAbsolutePath());
    }

    @BeforeAll
    static void load() throws Exception {
        rules = RbacRules.load(rbacDir());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            GET    | /api/v1/nodes                                                   | list   |                  | nodes         | -           | -        | -
            GET    | /api/v1/nodes/node-a                                            | get    |                  | nodes         | -           | -        | node-a
            GET    | /api/v1/pods?limit=500                                          | list   |                  | pods          | -           | -        | -
            GET    | /api/v1/namespaces/nightjar/pods?labelSelector=a%3Db&watch=true | watch  |                  | pods          | -           | nightjar | -
            GET    | /api/v1/watch/namespaces/nightjar/pods                          | watch  |                  | pods          | -           | nightjar | -
            POST   | /api/v1/namespaces/nightjar/pods                                | create |                  | pods          | -           | nightjar | -
            PATCH  | /api/v1/namespaces/nightjar/secrets/tok                         | patch  |                  | secrets       | -           | nightjar | tok
            PUT    | /api/v1/namespaces/nightjar/pods/p1/status                      | update |                  | pods          | status      | nightjar | p1
            POST   | /api/v1/namespaces/nightjar/pods/p1/portforward                 | create |                  | pods          | portforward | nightjar | p1
            DELETE | /api/v1/namespaces/nightjar/pods                                | deletecollection |        | pods          | -           | nightjar | -
            DELETE | /api/v1/namespaces/nightjar                                     | delete |                  | namespaces    | -           | -        | nightjar
            GET    | /api/v1/namespaces/nightjar                                     | get    |                  | namespaces    | -           | -        | nightjar
            POST   | /api/v1/namespaces                                              | create |                  | namespaces    | -           | -        | -
            GET    | /apis/apps/v1/namespaces/shop/replicasets/web-5d9                | get    | apps             | replicasets   | -           | shop     | web-5d9
            GET    | /apis/discovery.k8s.io/v1/endpointslices?watch=1                | watch  | discovery.k8s.io | endpointslices | -          | -        | -
            """)
    void mapsRequestsLikeTheApiServer(String method, String path, String verb, String group, String resource,
                                      String sub, String ns, String name) {
        ApiRequestAttributes a = ApiRequestAttributes.of(method, path);
        assertThat(a.resourceRequest()).isTrue();
        assertThat(a.verb()).isEqualTo(verb);
        assertThat(a.apiGroup()).isEqualTo(group == null ? "" : group);
        assertThat(a.resource()).isEqualTo(resource);
        assertThat(a.subresource()).isEqualTo(sub);
        assertThat(a.namespace()).isEqualTo(ns);
        assertThat(a.name()).isEqualTo(name);
    }

    @Test
    void discoveryPathsAreNonResourceRequests() {
        assertThat(ApiRequestAttributes.of("GET", "/version").resourceRequest()).isFalse();
        assertThat(ApiRequestAttributes.of("GET", "/apis/apps/v1").resourceRequest()).isFalse();
        assertThat(rules.allows(ApiRequestAttributes.of("GET", "/version"))).isTrue();
        assertThat(rules.allows(ApiRequestAttributes.of("GET", "/metrics"))).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            POST   | /api/v1/namespaces/nightjar/pods
            GET    | /api/v1/namespaces/nightjar/pods?watch=true
            DELETE | /api/v1/namespaces/nightjar/pods/nightjar-abc-node-a-123456
            PATCH  | /api/v1/namespaces/nightjar/secrets/nightjar-abc-token
            POST   | /api/v1/namespaces/nightjar/pods/nightjar-abc-node-a-123456/portforward
            GET    | /api/v1/namespaces/nightjar/pods/nightjar-abc-node-a-123456/portforward?ports=7700
            GET    | /api/v1/pods?watch=true
            GET    | /api/v1/nodes/node-a
            DELETE | /api/v1/namespaces/nightjar
            POST   | /api/v1/namespaces
            PATCH  | /api/v1/namespaces/nightjar
            GET    | /apis/batch/v1/jobs?watch=true
            """)
    void theRolesAllowWhatTheDesktopNeeds(String method, String path) {
        assertThat(rules.allows(ApiRequestAttributes.of(method, path))).as(method + " " + path).isTrue();
    }

    /** The negative side: requests the roles must not allow, so a too-lenient matcher fails here. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            DELETE | /api/v1/namespaces/kube-system/pods/coredns-1
            POST   | /api/v1/namespaces/default/pods
            PUT    | /api/v1/namespaces/nightjar/pods/nightjar-abc-node-a-123456
            DELETE | /api/v1/namespaces/nightjar/pods
            GET    | /api/v1/namespaces/default/secrets
            GET    | /api/v1/namespaces/default/secrets/db-password
            DELETE | /api/v1/namespaces/default
            GET    | /api/v1/namespaces/kube-system
            POST   | /api/v1/namespaces/nightjar/pods/nightjar-abc-node-a-123456/exec
            GET    | /api/v1/namespaces/shop/pods/web-1/portforward?ports=8080
            GET    | /api/v1/namespaces/nightjar/pods/nightjar-abc-node-a-123456/log
            PATCH  | /api/v1/nodes/node-a
            GET    | /api/v1/namespaces/nightjar/configmaps
            DELETE | /apis/apps/v1/namespaces/shop/deployments/web
            GET    | /apis/apps/v1/namespaces/shop/deployments/web
            GET    | /apis/batch/v1/namespaces/shop/jobs/nightly
            GET    | /api/v1/events?watch=true
            PATCH  | /api/v1/namespaces/nightjar/pods/nightjar-abc-node-a-123456
            PATCH  | /api/v1/namespaces/default
            """)
    void theRolesRejectWhatTheDesktopDoesNotNeed(String method, String path) {
        assertThat(rules.allows(ApiRequestAttributes.of(method, path))).as(method + " " + path).isFalse();
    }

    @Test
    void bothFilesAreRead() {
        assertThat(rules.ruleCount()).isEqualTo(8 + 4);
    }
}
