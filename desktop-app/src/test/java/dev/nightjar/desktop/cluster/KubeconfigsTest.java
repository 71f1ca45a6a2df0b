package dev.nightjar.desktop.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigsTest {

    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, yaml);
        return p;
    }

    private static String kubeconfig(String current, String contexts, String clusters, String users) {
        return "apiVersion: v1\nkind: Config\n" + (current == null ? "" : "current-context: " + current + "\n")
                + "contexts:\n" + contexts + "clusters:\n" + clusters + "users:\n" + users;
    }

    private static String context(String name, String cluster, String user) {
        return "- name: " + name + "\n  context:\n    cluster: " + cluster + "\n    user: " + user + "\n";
    }

    private static String cluster(String name, String server) {
        return "- name: " + name + "\n  cluster:\n    server: " + server + "\n";
    }

    private static String tokenUser(String name, String token) {
        return "- name: " + name + "\n  user:\n    token: " + token + "\n";
    }

    @Test
    void mergesFilesInOrderWithTheFirstDefinitionOfANameWinning() throws Exception {
        Path a = write("a.yaml", kubeconfig("prod",
                context("prod", "prod-cluster", "alice") + context("shared", "prod-cluster", "alice"),
                cluster("prod-cluster", "https://prod.example:6443"), tokenUser("alice", "a-token")));
        Path b = write("b.yaml", kubeconfig("staging",
                context("shared", "staging-cluster", "bob") + context("staging", "staging-cluster", "bob"),
                cluster("staging-cluster", "https://staging.example:6443")
                        + cluster("prod-cluster", "https://IMPOSTOR.example:6443"),
                tokenUser("bob", "b-token")));

        Kubeconfigs k = Kubeconfigs.load(a + File.pathSeparator + b, dir);

        assertThat(k.files()).containsExactly(a, b);
        assertThat(k.contexts()).extracting(KubeContext::name).containsExactly("prod", "shared", "staging");
        assertThat(k.currentContext()).contains("prod");
        KubeContext shared = k.context("shared");
        assertThat(shared.cluster()).isEqualTo("prod-cluster");
        assertThat(shared.file()).isEqualTo(a);
        assertThat(shared.server()).contains("https://prod.example:6443");
        KubeContext staging = k.context("staging");
        assertThat(staging.file()).isEqualTo(b);
        assertThat(k.clientConfig("staging", new ExecutableLookup("", false)).getMasterUrl())
                .startsWith("https://staging.example:6443");
        assertThat(token(k.clientConfig("staging", new ExecutableLookup("", false)))).isEqualTo("b-token");
    }

    @Test
    void theCurrentContextComesFromTheFirstFileThatSetsOne() throws Exception {
        Path a = write("a.yaml", kubeconfig(null, context("x", "c", "u"), cluster("c", "https://c:6443"),
                tokenUser("u", "t")));
        Path b = write("b.yaml", "apiVersion: v1\nkind: Config\ncurrent-context: x\n");
        Kubeconfigs k = Kubeconfigs.load(a + File.pathSeparator + b, dir);
        assertThat(k.currentContext()).contains("x");
    }

    @Test
    void withoutKubeconfigVariableTheHomeFileIsRead() throws Exception {
        write(".kube/config", kubeconfig("home", context("home", "c", "u"), cluster("c", "https://home:6443"),
                tokenUser("u", "t")));
        Kubeconfigs k = Kubeconfigs.load(null, dir);
        assertThat(k.currentContext()).contains("home");
        assertThat(k.context("home").namespace()).isEmpty();
    }

    @Test
    void aMissingListedFileIsSkippedWithAWarningAndNoFileAtAllIsAClearProblem() throws Exception {
        Path a = write("a.yaml", kubeconfig("x", context("x", "c", "u"), cluster("c", "https://c:6443"),
                tokenUser("u", "t")));
        Path gone = dir.resolve("gone.yaml");
        Kubeconfigs k = Kubeconfigs.load(gone + File.pathSeparator + a, dir);
        assertThat(k.warnings()).containsExactly("Skipped " + gone + ": the file does not exist.");
        assertThat(k.contexts()).hasSize(1);

        assertThatThrownBy(() -> Kubeconfigs.load(gone.toString(), dir))
                .isInstanceOf(KubeconfigProblem.class)
                .hasMessageContaining("No kubeconfig found")
                .hasMessageContaining(gone.toString());
        assertThatThrownBy(() -> Kubeconfigs.load("", dir))
                .isInstanceOf(KubeconfigProblem.class)
                .hasMessageContaining(dir.resolve(".kube/config").toString())
                .hasMessageContaining("KUBECONFIG is not set");
    }

    @Test
    void badYamlNamesTheFileWithoutAStackTrace() throws Exception {
        Path bad = write("bad.yaml", "apiVersion: v1\nclusters:\n  - name: x\n   cluster: [unclosed\n");
        assertThatThrownBy(() -> Kubeconfigs.load(bad.toString(), dir))
                .isInstanceOf(KubeconfigProblem.class)
                .hasMessageStartingWith("Kubeconfig " + bad + " is not valid YAML for a kubeconfig: ")
                .hasMessageContaining("remove it from KUBECONFIG")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\tat ").doesNotContain("\n"));
    }

    @Test
    void aContextNamingAMissingClusterOrUserIsAClearProblem() throws Exception {
        Path f = write("k.yaml", kubeconfig("a",
                context("a", "nowhere", "u") + context("b", "c", "nobody"),
                cluster("c", "https://c:6443"), tokenUser("u", "t")));
        Kubeconfigs k = Kubeconfigs.load(f.toString(), dir);
        ExecutableLookup none = new ExecutableLookup("", false);

        assertThatThrownBy(() -> k.clientConfig("a", none)).isInstanceOf(KubeconfigProblem.class)
                .hasMessage("Context \"a\" (in " + f + ") names cluster \"nowhere\", but no kubeconfig file defines it"
                        + " (read: [" + f + "]).");
        assertThatThrownBy(() -> k.clientConfig("b", none)).isInstanceOf(KubeconfigProblem.class)
                .hasMessageContaining("names user \"nobody\"");
        assertThatThrownBy(() -> k.context("zzz")).isInstanceOf(KubeconfigProblem.class)
                .hasMessageContaining("There is no context \"zzz\"").hasMessageContaining("[a, b]");
    }

    @Test
    void relativeFilePathsAreResolvedAgainstTheirOwnFile() throws Exception {
        Path f = write("sub/k.yaml", kubeconfig("a", context("a", "c", "u"),
                "- name: c\n  cluster:\n    server: https://c:6443\n    certificate-authority: certs/ca.crt\n",
                "- name: u\n  user:\n    token: t\n"));
        Kubeconfigs k = Kubeconfigs.load(f.toString(), dir);
        var config = k.clientConfig("a", new ExecutableLookup("", false));
        assertThat(config.getCaCertFile()).isEqualTo(dir.resolve("sub/certs/ca.crt").toString());
    }

    @Test
    void aMissingCredentialPluginIsNamedWithHowToInstallIt() throws Exception {
        Path f = write("gke.yaml", kubeconfig("gke", context("gke", "c", "gke-user"), cluster("c", "https://c:443"),
                "- name: gke-user\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
                        + "      command: gke-gcloud-auth-plugin\n      provideClusterInfo: true\n"));
        Kubeconfigs k = Kubeconfigs.load(f.toString(), dir);

        assertThat(k.context("gke").credentialPlugin()).map(ExecPlugin::command).contains("gke-gcloud-auth-plugin");
        assertThatThrownBy(() -> k.clientConfig("gke", new ExecutableLookup(dir.toString(), false)))
                .isInstanceOf(KubeconfigProblem.class)
                .hasMessageContaining("running `gke-gcloud-auth-plugin`, which is not installed or not on PATH")
                .hasMessageContaining("gcloud components install gke-gcloud-auth-plugin");
    }

    @Test
    void aCredentialPluginNextToTheKubeconfigRunsAndGivesTheToken() throws Exception {
        Path plugin = write("sub/bin/fake-plugin", "#!/bin/sh\necho '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\","
                + "\"kind\":\"ExecCredential\",\"status\":{\"token\":\"from-plugin\"}}'\n");
        Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwx------"));
        Path f = write("sub/k.yaml", kubeconfig("p", context("p", "c", "u"), cluster("c", "https://c:443"),
                "- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
                        + "      command: bin/fake-plugin\n"));
        Kubeconfigs k = Kubeconfigs.load(f.toString(), dir);

        assertThat(k.context("p").credentialPlugin()).map(ExecPlugin::command).contains(plugin.toString());
        // Nightjar runs the plugin (ExecPluginRunner), not fabric8 while reading the kubeconfig.
        assertThat(token(k.clientConfig("p", new ExecutableLookup("", false)))).isNull();
        var spec = k.credentialPlugin("p").orElseThrow();
        assertThat(new ExecPluginRunner(ExecPluginTimeouts.DEFAULT, new ExecutableLookup("", false))
                .run(spec, PluginPrompts.NONE).token()).isEqualTo("from-plugin");
    }

    /** fabric8 keeps a kubeconfig's token (static or from a plugin) as the "auto" OAuth token. */
    private static String token(io.fabric8.kubernetes.client.Config config) {
        return Optional.ofNullable(config.getAutoOAuthToken()).orElse(config.getOauthToken());
    }

    @Test
    void clientForTalksToTheContextsServerOnOkHttp() throws Exception {
        try (MockApiServer api = new MockApiServer()) {
            api.simulator().nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata()
                    .withName("from-mock").endMetadata().build()).create();
            Path f = write("k.yaml", kubeconfig("mock", context("mock", "c", "u"),
                    cluster("c", api.server().url("/")), tokenUser("u", "t")));
            try (var client = Kubeconfigs.load(f.toString(), dir).clientFor("mock")) {
                assertThat(client.getHttpClient().getClass().getName()).contains("okhttp");
                assertThat(client.nodes().list().getItems()).extracting(n -> n.getMetadata().getName())
                        .containsExactly("from-mock");
            }
        }
    }

    @Test
    void theContextNamespaceIsKept() throws Exception {
        Path f = write("k.yaml", kubeconfig("a",
                "- name: a\n  context:\n    cluster: c\n    user: u\n    namespace: shop\n",
                cluster("c", "https://c:6443"), tokenUser("u", "t")));
        Kubeconfigs k = Kubeconfigs.load(f.toString(), dir);
        assertThat(k.context("a").namespace()).contains("shop");
        assertThat(k.clientConfig("a", new ExecutableLookup("", false)).getNamespace()).isEqualTo("shop");
    }
}
