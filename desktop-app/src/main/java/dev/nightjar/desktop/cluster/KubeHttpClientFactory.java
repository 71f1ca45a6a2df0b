package dev.nightjar.desktop.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.internal.SSLUtils;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * fabric8's OkHttp client, which speaks HTTP CONNECT and SOCKS5 proxies (the JDK client
 * cannot do SOCKS), plus what fabric8 8.0.0's OkHttp module leaves out: a cluster's
 * {@code tls-server-name} (fabric8 only logs that OkHttp does not support it). With a
 * server name the client's TLS sockets present and verify that name
 * ({@link ServerNameSocketFactory}), built from the same trust and key material fabric8
 * would use for the context.
 */
public final class KubeHttpClientFactory extends OkHttpClientFactory {

    private final Optional<Tls> tls;

    private record Tls(ServerNameSocketFactory sockets, X509TrustManager trust) {
    }

    /** A factory for clients without a {@code tls-server-name}. */
    public KubeHttpClientFactory() {
        this.tls = Optional.empty();
    }

    /**
     * @param config the context's configuration (certificate authority, client certificate, insecure flag)
     * @param tlsServerName the kubeconfig's {@code tls-server-name}, or null/blank for the URL's host
     */
    public KubeHttpClientFactory(Config config, String tlsServerName) {
        this.tls = tlsServerName == null || tlsServerName.isBlank() ? Optional.empty()
                : Optional.of(tls(config, tlsServerName.strip()));
    }

    @Override
    protected void additionalConfig(OkHttpClient.Builder builder) {
        tls.ifPresent(t -> builder.sslSocketFactory(t.sockets(), t.trust())
                // The certificate was already matched against tls-server-name during the handshake
                // (endpoint identification on every socket ServerNameSocketFactory makes); OkHttp's own
                // check would compare it with the URL's host, the very name it is not issued for.
                .hostnameVerifier((host, session) -> true));
    }

    private static Tls tls(Config config, String serverName) {
        try {
            TrustManager[] trust = SSLUtils.trustManagers(config);
            if (trust == null || trust.length == 0) { // no certificate authority in the kubeconfig: the system's
                TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                system.init((KeyStore) null);
                trust = system.getTrustManagers();
            }
            SSLContext context = SSLUtils.sslContext(SSLUtils.keyManagers(config), trust);
            X509TrustManager x509 = Arrays.stream(trust)
                    .filter(X509TrustManager.class::isInstance).map(X509TrustManager.class::cast).findFirst()
                    .orElseThrow(() -> new KubeconfigProblem("No X.509 trust manager for the cluster's certificate authority."));
            return new Tls(new ServerNameSocketFactory(context.getSocketFactory(), serverName), x509);
        } catch (GeneralSecurityException | IOException | KubernetesClientException e) {
            throw new KubeconfigProblem("The cluster's TLS settings cannot be used with tls-server-name \"" + serverName
                    + "\": " + Problems.rootMessage(e) + ".");
        }
    }
}
