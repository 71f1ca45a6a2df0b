package dev.nightjar.desktop.cluster;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The proxy kubectl would use to reach an API server, chosen the way client-go chooses it:
 * the cluster's {@code proxy-url} in the kubeconfig if it has one (always used, as kubectl
 * does), else the environment: {@code HTTPS_PROXY} (or {@code https_proxy}) for an https
 * server, {@code HTTP_PROXY} (or {@code http_proxy}) for http, unless {@code NO_PROXY}
 * (or {@code no_proxy}) names the server or the server is this machine (localhost and
 * loopback addresses are never sent to an environment proxy, so a kind cluster keeps
 * working behind a corporate proxy). A value without a scheme is an HTTP proxy.
 *
 * <p>Proxies speak HTTP (CONNECT) or SOCKS5; the server's name is resolved by the proxy
 * in both, as kubectl does. A proxy reached over TLS ({@code https://}) is refused with a
 * message: fabric8's HTTP clients cannot speak TLS to a proxy.
 */
public final class ApiServerProxy {

    private static final Set<String> SCHEMES = Set.of("http", "socks5", "socks5h");

    private ApiServerProxy() {
    }

    /**
     * @param server the API server URL
     * @param clusterProxyUrl the cluster's {@code proxy-url}, or null/blank
     * @param environment the process environment (HTTPS_PROXY, NO_PROXY, …)
     * @return the proxy URL ({@code http://host:port} or {@code socks5://host:port}, with user info
     *         if it had some), or empty to connect directly
     * @throws KubeconfigProblem for a proxy URL that cannot be used, naming where it came from
     */
    public static Optional<URI> choose(URI server, String clusterProxyUrl, Map<String, String> environment) {
        if (clusterProxyUrl != null && !clusterProxyUrl.isBlank()) {
            return Optional.of(parse(clusterProxyUrl.strip(), "the cluster's proxy-url in the kubeconfig"));
        }
        boolean https = "https".equalsIgnoreCase(server.getScheme());
        String variable = https ? "HTTPS_PROXY" : "HTTP_PROXY";
        String value = env(environment, variable);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String host = server.getHost() == null ? "" : server.getHost();
        int port = server.getPort() >= 0 ? server.getPort() : (https ? 443 : 80);
        if (!new NoProxy(env(environment, "NO_PROXY")).useProxy(host, port)) {
            return Optional.empty();
        }
        return Optional.of(parse(value, variable + " in the environment"));
    }

    /** The upper-case variable if set, else its lower-case twin (Go's order). */
    private static String env(Map<String, String> environment, String upper) {
        String value = environment.get(upper);
        if (value == null || value.isBlank()) {
            value = environment.get(upper.toLowerCase(Locale.ROOT));
        }
        return value == null ? "" : value.strip();
    }

    static URI parse(String value, String where) {
        String withScheme = value.contains("://") ? value : "http://" + value;
        URI uri;
        try {
            uri = new URI(withScheme);
        } catch (URISyntaxException e) {
            throw new KubeconfigProblem("The proxy \"" + value + "\" (" + where + ") is not a URL: " + e.getMessage() + ".");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ("https".equals(scheme)) {
            throw new KubeconfigProblem("The proxy \"" + value + "\" (" + where + ") is reached over TLS (https://),"
                    + " which Nightjar's HTTP client cannot do. Use the proxy's plain HTTP port (http://…) or its"
                    + " SOCKS5 port (socks5://…).");
        }
        if (!SCHEMES.contains(scheme) || uri.getHost() == null) {
            throw new KubeconfigProblem("The proxy \"" + value + "\" (" + where + ") is not an http:// or socks5://"
                    + " URL with a host. Fix it, or unset it to connect directly.");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : ("http".equals(scheme) ? 80 : 1080);
        try {
            // socks5h (remote name resolution) is what socks5 does here anyway: the proxy resolves the server's name.
            return new URI("socks5h".equals(scheme) ? "socks5" : scheme, uri.getRawUserInfo(), uri.getHost(), port,
                    null, null, null);
        } catch (URISyntaxException e) {
            throw new KubeconfigProblem("The proxy \"" + value + "\" (" + where + ") cannot be used: " + e.getMessage() + ".");
        }
    }
}
