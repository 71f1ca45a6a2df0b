package dev.nightjar.desktop.cluster;

import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Builds the fabric8 client for one kubeconfig context the way kubectl talks to the cluster:
 * <ul>
 * <li>the proxy from the cluster's {@code proxy-url}, else from HTTPS_PROXY/HTTP_PROXY and
 *     NO_PROXY ({@link ApiServerProxy}), HTTP CONNECT or SOCKS5;</li>
 * <li>{@code tls-server-name} as the name presented and verified ({@link KubeHttpClientFactory});</li>
 * <li>the user's credential plugin run by Nightjar ({@link ExecPluginRunner}): once now, so a
 *     failing plugin is reported as such before any request, then again whenever its token
 *     expires or is refused ({@link ExecTokenSource}, {@link ExecTokenInterceptor});</li>
 * <li>a few seconds to give up on an unreachable server instead of fabric8's ten retries:
 *     someone is waiting on the connect screen.</li>
 * </ul>
 * Blocking (the plugin may wait for a login): call it off the UI thread.
 */
public final class ContextClients {

    private static final int CONNECT_RETRIES = 2;
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private ContextClients() {
    }

    /**
     * @throws KubeconfigProblem the context cannot be used (missing entries, a bad proxy, TLS settings)
     * @throws CredentialPluginException the credential plugin did not give a credential
     */
    public static KubernetesClient build(Kubeconfigs kubeconfigs, String contextName, ClientOptions options) {
        Config config = kubeconfigs.clientConfig(contextName, options.executables());
        Cluster cluster = kubeconfigs.cluster(contextName);
        config.setRequestRetryBackoffLimit(CONNECT_RETRIES);
        config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        useProxy(config, cluster, options);
        // fabric8's OkHttp module only logs that it cannot do tls-server-name; the factory does it instead.
        String tlsServerName = config.getTlsServerName();
        config.setTlsServerName(null);

        Optional<ExecTokenSource> tokens = kubeconfigs.credentialPlugin(contextName).map(spec -> new ExecTokenSource(
                spec, new ExecPluginRunner(options.pluginTimeouts(), options.executables()), options.prompts(),
                options.clock()));
        Optional<ExecTokenSource> bearer = Optional.empty();
        if (tokens.isPresent()) {
            PluginCredential first = tokens.get().credential();
            if (first.hasToken()) {
                bearer = tokens;
            } else {
                // A client certificate is part of the TLS setup: it is read once per connection (reconnect when it expires).
                config.setClientCertData(base64(first.clientCertificateData()));
                config.setClientKeyData(base64(first.clientKeyData()));
            }
        }
        KubernetesClientBuilder builder = new KubernetesClientBuilder()
                .withConfig(config)
                .withHttpClientFactory(new KubeHttpClientFactory(config, tlsServerName));
        bearer.ifPresent(source -> builder.withHttpClientBuilderConsumer(http ->
                http.addOrReplaceInterceptor(ExecTokenInterceptor.NAME, new ExecTokenInterceptor(source))));
        return builder.build();
    }

    /** Replaces whatever fabric8 made of proxy-url with the kubectl choice (proxy-url, else environment). */
    private static void useProxy(Config config, Cluster cluster, ClientOptions options) {
        URI server = URI.create(config.getMasterUrl());
        config.setHttpProxy(null);
        config.setHttpsProxy(null);
        config.setNoProxy(null);
        ApiServerProxy.choose(server, cluster.getProxyUrl(), options.environment()).ifPresent(proxy -> {
            if ("https".equalsIgnoreCase(server.getScheme())) {
                config.setHttpsProxy(proxy.toString());
            } else {
                config.setHttpProxy(proxy.toString());
            }
        });
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
    }
}
