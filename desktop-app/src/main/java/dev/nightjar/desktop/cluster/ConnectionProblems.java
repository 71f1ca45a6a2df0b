package dev.nightjar.desktop.cluster;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Turns the exception of the first API call to a cluster (list nodes, GET /version)
 * into a {@link ConnectionProblem}: unreachable server, TLS trouble, bad credentials,
 * a missing or failing credential plugin, or RBAC. The cause chain is searched, because fabric8
 * wraps the JDK's exceptions.
 */
public final class ConnectionProblems {

    private final ExecutableLookup executables;

    public ConnectionProblems(ExecutableLookup executables) {
        this.executables = executables;
    }

    public static ConnectionProblems forThisProcess() {
        return new ConnectionProblems(ExecutableLookup.ofThisProcess());
    }

    /**
     * @param error what the first call threw
     * @param context the context that was used (names the server, the user and its credential plugin)
     */
    public ConnectionProblem explain(Throwable error, KubeContext context) {
        String server = context.server().orElse("the API server");
        // A missing plugin makes every later failure (401, "cannot run program") a symptom; name the cause.
        Optional<String> pluginMissing = context.credentialPlugin().flatMap(p -> p.missingMessage(context.user(), executables));
        if (pluginMissing.isPresent()) {
            return new ConnectionProblem(ConnectionProblem.Kind.CREDENTIAL_PLUGIN_MISSING, pluginMissing.get());
        }
        // A plugin that failed while refreshing a token: its own words, never a 401 or an RBAC message.
        Optional<CredentialPluginException> plugin = find(error, CredentialPluginException.class);
        if (plugin.isPresent()) {
            return new ConnectionProblem(ConnectionProblem.Kind.CREDENTIAL_PLUGIN_FAILED, plugin.get().getMessage());
        }
        KubernetesClientException api = find(error, KubernetesClientException.class).orElse(null);
        if (api != null && api.getCode() == 401) {
            return new ConnectionProblem(ConnectionProblem.Kind.UNAUTHORIZED,
                    "The API server " + server + " did not accept the credentials of user \"" + context.user()
                            + "\" (401 Unauthorized): they are expired or invalid. Log in again with your cluster's"
                            + " tool (for example `gcloud auth login`, `aws sso login`, `az login`, `oc login`)"
                            + " or refresh the kubeconfig, then reconnect.");
        }
        if (api != null && api.getCode() == 403) {
            String what = ForbiddenRequest.parse(api.getStatus()).map(ForbiddenRequest::explain)
                    .orElse("The API server " + server + " refused the request (403 Forbidden): "
                            + statusMessage(api) + ". Ask a cluster admin for the Nightjar role in packaging/rbac/.");
            return new ConnectionProblem(ConnectionProblem.Kind.FORBIDDEN, what);
        }
        Optional<ConnectionProblem> tls = tlsProblem(error, server);
        if (tls.isPresent()) {
            return tls.get();
        }
        if (find(error, UnknownHostException.class).isPresent()) {
            return new ConnectionProblem(ConnectionProblem.Kind.UNREACHABLE,
                    "The API server host in " + server + " cannot be resolved (DNS). Check the cluster's server URL"
                            + " in the kubeconfig, your VPN, and your network connection.");
        }
        if (find(error, ConnectException.class).isPresent() || find(error, NoRouteToHostException.class).isPresent()) {
            return new ConnectionProblem(ConnectionProblem.Kind.UNREACHABLE,
                    "Cannot connect to the API server " + server + " (connection refused or no route). Check that"
                            + " the cluster is running, that you are on the right network or VPN, and that the"
                            + " server URL in the kubeconfig is right.");
        }
        if (find(error, HttpTimeoutException.class).isPresent() || find(error, SocketTimeoutException.class).isPresent()
                || find(error, TimeoutException.class).isPresent()) {
            return new ConnectionProblem(ConnectionProblem.Kind.UNREACHABLE,
                    "The API server " + server + " did not answer in time. It may be down, or a firewall or VPN"
                            + " may be dropping the connection; check your network and try again.");
        }
        if (api != null && api.getCode() > 0) {
            return new ConnectionProblem(ConnectionProblem.Kind.OTHER,
                    "The API server " + server + " answered " + api.getCode() + ": " + statusMessage(api) + ".");
        }
        return new ConnectionProblem(ConnectionProblem.Kind.OTHER,
                "Cannot talk to the API server " + server + ": " + Problems.rootMessage(error) + ".");
    }

    private static Optional<ConnectionProblem> tlsProblem(Throwable error, String server) {
        boolean tls = find(error, SSLException.class).isPresent() || find(error, CertificateException.class).isPresent()
                || find(error, CertPathValidatorException.class).isPresent();
        if (!tls) {
            return Optional.empty();
        }
        String all = allMessages(error).toLowerCase(Locale.ROOT);
        if (find(error, CertificateExpiredException.class).isPresent() || all.contains("validity check failed")) {
            return Optional.of(new ConnectionProblem(ConnectionProblem.Kind.TLS_OTHER,
                    "The API server " + server + " presented an expired certificate (or this computer's clock is"
                            + " wrong). Check the date and time, and ask the cluster admin to renew the certificate."));
        }
        // The JDK's wording, and OkHttp's ("Hostname 10.0.0.5 not verified: … subjectAltNames: […]").
        if (all.contains("no subject alternative") || all.contains("no name matching")
                || all.matches("(?s).*hostname \\S+ not verified.*")) {
            return Optional.of(new ConnectionProblem(ConnectionProblem.Kind.TLS_HOSTNAME_MISMATCH,
                    "The API server's certificate is not valid for the host in " + server + " (hostname mismatch)."
                            + " Use the server name the certificate was issued for, or set tls-server-name for the"
                            + " cluster in the kubeconfig."));
        }
        if (all.contains("pkix") || all.contains("certification path") || all.contains("unable to find valid")
                || find(error, CertPathValidatorException.class).isPresent()) {
            return Optional.of(new ConnectionProblem(ConnectionProblem.Kind.TLS_UNKNOWN_AUTHORITY,
                    "The API server " + server + " presented a certificate signed by an authority this kubeconfig"
                            + " does not trust. Refresh the kubeconfig (its certificate-authority-data may be for an"
                            + " older cluster), or check for a TLS-intercepting proxy."));
        }
        return Optional.of(new ConnectionProblem(ConnectionProblem.Kind.TLS_OTHER,
                "The TLS handshake with " + server + " failed: " + Problems.rootMessage(error)
                        + ". Check the server URL and any proxy between you and the cluster."));
    }

    private static String statusMessage(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage();
        }
        return Problems.rootMessage(e);
    }

    private static String allMessages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            b.append(c.getMessage()).append(' ');
        }
        return b.toString();
    }

    static <T extends Throwable> Optional<T> find(Throwable t, Class<T> type) {
        int depth = 0;
        for (Throwable c = t; c != null && depth < 20; c = c.getCause() == c ? null : c.getCause(), depth++) {
            if (type.isInstance(c)) {
                return Optional.of(type.cast(c));
            }
        }
        return Optional.empty();
    }
}
