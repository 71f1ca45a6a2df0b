package dev.nightjar.desktop.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.nightjar.desktop.cluster.ConnectionProblem.Kind;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConnectionProblemsTest {

    private static final ConnectionProblems PROBLEMS = new ConnectionProblems(new ExecutableLookup("", false));

    private static KubeContext context(String server, Optional<ExecPlugin> plugin) {
        return new KubeContext("prod", "prod-cluster", "alice", Optional.empty(), Optional.of(server), plugin,
                Path.of("/home/alice/.kube/config"));
    }

    private static KubeContext context(String server) {
        return context(server, Optional.empty());
    }

    private static KubernetesClientException wrapped(Throwable cause) {
        return new KubernetesClientException("An error has occurred.", cause);
    }

    private static Status status(int code, String reason, String message) {
        return new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason).withMessage(message).build();
    }

    static Stream<Arguments> failures() {
        SSLHandshakeException pkix = new SSLHandshakeException("PKIX path building failed:"
                + " sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification"
                + " path to requested target");
        SSLHandshakeException hostname = new SSLHandshakeException("No subject alternative DNS name matching"
                + " api.example.com found.");
        hostname.initCause(new CertificateException("No subject alternative DNS name matching api.example.com found."));
        return Stream.of(
                Arguments.of(wrapped(new UnknownHostException("api.example.com")), Kind.UNREACHABLE,
                        "cannot be resolved (DNS)"),
                Arguments.of(wrapped(new ConnectException("Connection refused")), Kind.UNREACHABLE,
                        "connection refused or no route"),
                Arguments.of(wrapped(new HttpConnectTimeoutException("HTTP connect timed out")), Kind.UNREACHABLE,
                        "did not answer in time"),
                Arguments.of(wrapped(pkix), Kind.TLS_UNKNOWN_AUTHORITY, "signed by an authority this kubeconfig"),
                Arguments.of(wrapped(hostname), Kind.TLS_HOSTNAME_MISMATCH, "hostname mismatch"),
                Arguments.of(new KubernetesClientException("Unauthorized", 401,
                        status(401, "Unauthorized", "Unauthorized")), Kind.UNAUTHORIZED, "expired or invalid"),
                Arguments.of(new KubernetesClientException("Forbidden", 403, status(403, "Forbidden",
                        "nodes is forbidden: User \"alice\" cannot list resource \"nodes\" in API group \"\" at the"
                                + " cluster scope")), Kind.FORBIDDEN,
                        "User \"alice\" is not allowed to list nodes cluster-wide"),
                Arguments.of(new KubernetesClientException("Forbidden", 403, status(403, "Forbidden",
                        "pods \"p\" is forbidden: User \"system:serviceaccount:ci:bot\" cannot create resource"
                                + " \"pods/portforward\" in API group \"\" in the namespace \"nightjar\"")),
                        Kind.FORBIDDEN, "not allowed to create pods/portforward in namespace nightjar"),
                Arguments.of(new KubernetesClientException("Forbidden", 403, status(403, "Forbidden",
                        "forbidden: User \"alice\" cannot get path \"/version\"")), Kind.FORBIDDEN,
                        "not allowed to get /version"),
                Arguments.of(new KubernetesClientException("boom", 500, status(500, "InternalError", "etcd is sad")),
                        Kind.OTHER, "answered 500: etcd is sad"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void eachFailureGetsItsKindAndAnActionableMessage(Throwable error, Kind kind, String phrase) {
        ConnectionProblem p = PROBLEMS.explain(error, context("https://api.example.com:6443"));
        assertThat(p.kind()).isEqualTo(kind);
        assertThat(p.message()).contains(phrase).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aMissingCredentialPluginIsTheCauseWhateverTheSymptom() {
        var plugin = Optional.of(new ExecPlugin("gke-gcloud-auth-plugin", null));
        var error = new KubernetesClientException("Unauthorized", 401, status(401, "Unauthorized", "Unauthorized"));
        ConnectionProblem p = PROBLEMS.explain(error, context("https://34.1.2.3", plugin));
        assertThat(p.kind()).isEqualTo(Kind.CREDENTIAL_PLUGIN_MISSING);
        assertThat(p.message()).contains("`gke-gcloud-auth-plugin`")
                .contains("gcloud components install gke-gcloud-auth-plugin");
    }

    @Test
    void anInstalledPluginIsNotBlamed() {
        var sh = new ExecutableLookup(System.getenv("PATH"), false);
        var plugin = Optional.of(new ExecPlugin("sh", null));
        var error = new KubernetesClientException("Unauthorized", 401, status(401, "Unauthorized", "Unauthorized"));
        assertThat(new ConnectionProblems(sh).explain(error, context("https://x", plugin)).kind())
                .isEqualTo(Kind.UNAUTHORIZED);
    }

    private static KubernetesClient clientFor(String url, boolean trustCerts) {
        // Generous timeouts: on a loaded 2-core machine the TLS handshake with the mock server
        // took over 5 s once, and a connect timeout reads as UNREACHABLE, not as the TLS problem.
        return new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory())
                .withConfig(new ConfigBuilder().withMasterUrl(url).withTrustCerts(trustCerts)
                        .withRequestRetryBackoffLimit(0).withConnectionTimeout(30_000).withRequestTimeout(30_000)
                        .build())
                .build();
    }

    @Test
    void aRealRefusedConnectionIsUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed when we connect: nothing listens there
        }
        String url = "http://127.0.0.1:" + port;
        try (KubernetesClient client = clientFor(url, false)) {
            Throwable error = catchThrowable(() -> client.nodes().list());
            ConnectionProblem p = PROBLEMS.explain(error, context(url));
            assertThat(p.kind()).isEqualTo(Kind.UNREACHABLE);
            assertThat(p.message()).contains(url);
        }
    }

    @Test
    void aRealServerWithAnUntrustedCertificateIsATlsAuthorityProblem() throws Exception {
        try (MockApiServer https = new MockApiServer(true)) {
            String url = https.server().url("/").replaceAll("/$", "");
            try (KubernetesClient client = clientFor(url, false)) {
                Throwable error = catchThrowable(() -> client.nodes().list());
                ConnectionProblem p = PROBLEMS.explain(error, context(url));
                assertThat(p.kind()).as(String.valueOf(error)).isEqualTo(Kind.TLS_UNKNOWN_AUTHORITY);
            }
        }
    }

    @Test
    void realUnauthorizedAndForbiddenAnswersFromTheApiServer() {
        try (MockApiServer api = new MockApiServer()) {
            // Nodes are read in pages (limit=500), as kubectl reads them.
            api.server().expect().get().withPath("/api/v1/nodes?limit=500")
                    .andReturn(401, status(401, "Unauthorized", "Unauthorized")).once();
            api.server().expect().get().withPath("/api/v1/nodes?limit=500")
                    .andReturn(403, status(403, "Forbidden", "nodes is forbidden: User \"alice@example.com\" cannot"
                            + " list resource \"nodes\" in API group \"\" at the cluster scope")).once();
            KubeContext ctx = context(api.server().url("/"));

            ConnectionProblem first = PROBLEMS.explain(catchThrowable(() -> NodeSummaries.read(api.client())), ctx);
            ConnectionProblem second = PROBLEMS.explain(catchThrowable(() -> NodeSummaries.read(api.client())), ctx);

            assertThat(first.kind()).isEqualTo(Kind.UNAUTHORIZED);
            assertThat(first.message()).contains("401 Unauthorized").contains("user \"alice\"");
            assertThat(second.kind()).isEqualTo(Kind.FORBIDDEN);
            assertThat(second.message()).startsWith("User \"alice@example.com\" is not allowed to list nodes cluster-wide")
                    .contains("packaging/rbac/");
        }
    }
}
