package dev.nightjar.desktop.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API traffic through real proxy processes on loopback, and the TLS name the kubeconfig
 * asks for, against the mock API server over https (its certificate names localhost and
 * 127.0.0.1 only). The server is addressed as kube.nightjar.test, a name only the proxy
 * can resolve: a list that succeeds went through the proxy.
 */
class ProxyAndTlsTest {

    private static final String NAME = "kube.nightjar.test";

    @TempDir
    Path dir;

    private MockApiServer api;

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    private void startServer(InetAddress bind) {
        api = new MockApiServer(true, UnaryOperator.identity(), bind);
        api.simulator().nodes().resource(new NodeBuilder().withNewMetadata().withName("worker-1").endMetadata().build())
                .create();
    }

    private int serverPort() {
        return URI.create(api.server().url("/")).getPort();
    }

    /** A kubeconfig for the mock server at {@code server}, with extra cluster fields (tls-server-name, proxy-url). */
    private Path kubeconfig(String server, String... clusterFields) throws IOException {
        List<String> fields = new ArrayList<>(List.of("certificate-authority-data: " + api.certificateAuthorityData()));
        fields.addAll(List.of(clusterFields));
        return TestKubeconfig.write(dir.resolve("config"), "c", server, fields, TestKubeconfig.token("t"));
    }

    private KubernetesClient client(Path kubeconfig, Map<String, String> environment) {
        ClientOptions options = new ClientOptions(environment, PluginPrompts.NONE, ExecPluginTimeouts.DEFAULT,
                new ExecutableLookup("", false), Clock.systemUTC());
        return Kubeconfigs.load(kubeconfig.toString(), dir).clientFor("c", options);
    }

    private static List<String> nodes(KubernetesClient client) {
        return client.nodes().list().getItems().stream().map(n -> n.getMetadata().getName()).toList();
    }

    @Test
    void anHttpConnectProxyFromTheKubeconfigCarriesTheTraffic() throws Exception {
        startServer(InetAddress.getLoopbackAddress());
        try (ProxyProcess proxy = ProxyProcess.start("http", NAME + "=127.0.0.1")) {
            Path config = kubeconfig("https://" + NAME + ":" + serverPort(), "tls-server-name: localhost",
                    "proxy-url: http://127.0.0.1:" + proxy.port());
            try (KubernetesClient client = client(config, Map.of())) {
                assertThat(nodes(client)).containsExactly("worker-1");
            }
            assertThat(proxy.log()).contains("CONNECT " + NAME + ":" + serverPort());
        }
    }

    @Test
    void aSocks5ProxyFromTheKubeconfigCarriesTheTrafficAndResolvesTheName() throws Exception {
        startServer(InetAddress.getLoopbackAddress());
        try (ProxyProcess proxy = ProxyProcess.start("socks5", NAME + "=127.0.0.1")) {
            Path config = kubeconfig("https://" + NAME + ":" + serverPort(), "tls-server-name: localhost",
                    "proxy-url: socks5://127.0.0.1:" + proxy.port());
            try (KubernetesClient client = client(config, Map.of())) {
                assertThat(nodes(client)).containsExactly("worker-1");
            }
            assertThat(proxy.log()).contains("SOCKS5 " + NAME + ":" + serverPort() + " domain");
        }
    }

    @Test
    void theKubeconfigsProxyUrlWinsOverTheEnvironment() throws Exception {
        startServer(InetAddress.getLoopbackAddress());
        try (ProxyProcess kubeconfigProxy = ProxyProcess.start("socks5", NAME + "=127.0.0.1");
             ProxyProcess envProxy = ProxyProcess.start("http", NAME + "=127.0.0.1")) {
            Path config = kubeconfig("https://" + NAME + ":" + serverPort(), "tls-server-name: localhost",
                    "proxy-url: socks5://127.0.0.1:" + kubeconfigProxy.port());
            try (KubernetesClient client = client(config, Map.of("HTTPS_PROXY", "127.0.0.1:" + envProxy.port(),
                    "NO_PROXY", NAME))) {
                assertThat(nodes(client)).containsExactly("worker-1");
            }
            assertThat(kubeconfigProxy.log()).hasSize(1);
            assertThat(envProxy.log()).isEmpty();
        }
    }

    @Test
    void tlsServerNameIsTheNameTheCertificateMustMatch() throws Exception {
        // 127.0.0.2 is on loopback, but not in the certificate (localhost, 127.0.0.1).
        startServer(InetAddress.getByName("127.0.0.2"));
        String server = "https://127.0.0.2:" + serverPort();

        try (KubernetesClient client = client(kubeconfig(server), Map.of())) {
            Throwable error = catchThrowable(() -> client.nodes().list());
            KubeContext context = Kubeconfigs.load(dir.resolve("config").toString(), dir).context("c");
            assertThat(ConnectionProblems.forThisProcess().explain(error, context).kind())
                    .as(String.valueOf(error)).isEqualTo(ConnectionProblem.Kind.TLS_HOSTNAME_MISMATCH);
        }
        try (KubernetesClient client = client(kubeconfig(server, "tls-server-name: localhost"), Map.of())) {
            assertThat(nodes(client)).containsExactly("worker-1");
        }
        try (KubernetesClient client = client(kubeconfig(server, "tls-server-name: other.example"), Map.of())) {
            Throwable error = catchThrowable(() -> client.nodes().list());
            KubeContext context = Kubeconfigs.load(dir.resolve("config").toString(), dir).context("c");
            assertThat(ConnectionProblems.forThisProcess().explain(error, context).kind())
                    .as("a name the certificate does not have is refused, not skipped: %s", error)
                    .isEqualTo(ConnectionProblem.Kind.TLS_HOSTNAME_MISMATCH);
        }
    }

    /**
     * The environment's proxy, read by a process of its own the way the app reads it (System.getenv),
     * with a hosts file that lets that process resolve kube.nightjar.test to 127.0.0.1 itself, so
     * going direct (NO_PROXY) can succeed too.
     */
    @Test
    void httpsProxyFromTheEnvironmentAndNoProxyBypass() throws Exception {
        startServer(InetAddress.getLoopbackAddress());
        try (ProxyProcess proxy = ProxyProcess.start("http", NAME + "=127.0.0.1")) {
            Path config = kubeconfig("https://" + NAME + ":" + serverPort(), "tls-server-name: localhost");
            Path hosts = dir.resolve("hosts");
            Files.writeString(hosts, "127.0.0.1 localhost\n127.0.0.1 " + NAME + "\n");

            String viaProxy = probe(config, hosts, Map.of("HTTPS_PROXY", "http://127.0.0.1:" + proxy.port()));
            assertThat(viaProxy).isEqualTo("nodes: worker-1");
            assertThat(proxy.log()).containsExactly("CONNECT " + NAME + ":" + serverPort());

            String direct = probe(config, hosts, Map.of("https_proxy", "http://127.0.0.1:" + proxy.port(),
                    "no_proxy", "example.com, .nightjar.test"));
            assertThat(direct).isEqualTo("nodes: worker-1");
            assertThat(proxy.log()).as("NO_PROXY named the server: no new tunnel").hasSize(1);
        }
    }

    private String probe(Path kubeconfig, Path hosts, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djdk.net.hosts.file=" + hosts, "-cp", System.getProperty("java.class.path"),
                EnvProxyProbe.class.getName(), kubeconfig.toString(), "c").redirectErrorStream(true);
        for (String v : List.of("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy")) {
            pb.environment().remove(v);
        }
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out.lines().filter(l -> l.startsWith("nodes: ") || l.startsWith("problem: ")).findFirst()
                .orElse("(no answer) " + out);
    }
}
