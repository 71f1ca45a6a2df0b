package dev.nightjar.desktop.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The proxy choice, as client-go makes it (golang.org/x/net/http/httpproxy rules). */
class ApiServerProxyTest {

    private static Optional<String> choose(String server, String proxyUrl, Map<String, String> env) {
        return ApiServerProxy.choose(URI.create(server), proxyUrl, env).map(URI::toString);
    }

    @Test
    void theClustersProxyUrlIsUsedAsItIsEvenForLoopbackAndNoProxy() {
        assertThat(choose("https://127.0.0.1:6443", "socks5://127.0.0.1:1080", Map.of("NO_PROXY", "*")))
                .contains("socks5://127.0.0.1:1080");
        assertThat(choose("https://k.example", "socks5h://jump:1080", Map.of())).contains("socks5://jump:1080");
        assertThat(choose("https://k.example", "http://user:pw@proxy:3128", Map.of()))
                .contains("http://user:pw@proxy:3128");
    }

    @Test
    void theEnvironmentGivesTheProxyForTheServersScheme() {
        Map<String, String> env = Map.of("HTTPS_PROXY", "proxy.corp:3128", "HTTP_PROXY", "http://plain.corp:80");
        assertThat(choose("https://k.example:6443", null, env)).contains("http://proxy.corp:3128");
        assertThat(choose("http://k.example:8080", null, env)).contains("http://plain.corp:80");
        assertThat(choose("https://k.example:6443", null, Map.of("https_proxy", "socks5://s:1080")))
                .contains("socks5://s:1080");
        assertThat(choose("https://k.example:6443", null, Map.of("HTTPS_PROXY", "http://upper:1", "https_proxy",
                "http://lower:2"))).as("upper case first, as in Go").contains("http://upper:1");
        assertThat(choose("https://k.example:6443", null, Map.of("HTTP_PROXY", "http://plain:1"))).isEmpty();
        assertThat(choose("https://k.example:6443", "", Map.of())).isEmpty();
    }

    /** server host, NO_PROXY, proxied? */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            k.example          |                              | true
            localhost          |                              | false
            127.0.0.1          |                              | false
            127.9.9.9          |                              | false
            [::1]              |                              | false
            k.example          | *                            | false
            k.example          | example                      | false
            k.example          | k.example                    | false
            k.example          | example.                     | true
            a.k.example        | k.example                    | false
            a.k.example        | .k.example                   | false
            k.example          | .k.example                   | true
            a.k.example        | *.k.example                  | false
            k.example          | other.org, K.Example         | false
            k.example          | k.example:443                | false
            k.example          | k.example:6443               | true
            10.1.2.3           | 10.0.0.0/8                   | false
            10.1.2.3           | 10.1.2.3                     | false
            11.1.2.3           | 10.0.0.0/8                   | true
            [fd00::5]          | fd00::/8                     | false
            [fe80::5]          | fd00::/8                     | true
            10.1.2.3           | .1.2.3                       | false
            """)
    void noProxyIsReadAsGoReadsIt(String host, String noProxy, boolean proxied) {
        Map<String, String> env = noProxy == null ? Map.of("HTTPS_PROXY", "http://p:3128")
                : Map.of("HTTPS_PROXY", "http://p:3128", "NO_PROXY", noProxy);
        assertThat(choose("https://" + host, null, env).isPresent()).as("%s with NO_PROXY=%s", host, noProxy)
                .isEqualTo(proxied);
    }

    @Test
    void unusableProxiesAreExplainedWithWhereTheyCameFrom() {
        assertThatThrownBy(() -> choose("https://k", "https://proxy:443", Map.of()))
                .isInstanceOf(KubeconfigProblem.class).hasMessageContaining("proxy-url in the kubeconfig")
                .hasMessageContaining("TLS (https://)");
        assertThatThrownBy(() -> choose("https://k", null, Map.of("HTTPS_PROXY", "ftp://p:21")))
                .isInstanceOf(KubeconfigProblem.class).hasMessageContaining("HTTPS_PROXY in the environment")
                .hasMessageContaining("not an http:// or socks5:// URL");
    }
}
