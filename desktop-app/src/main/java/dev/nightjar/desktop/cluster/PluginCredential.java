package dev.nightjar.desktop.cluster;

import java.time.Instant;
import java.util.Optional;

/**
 * What a credential plugin printed ({@code status} of its ExecCredential): a bearer token,
 * or a client certificate and key, and when they expire.
 *
 * @param token bearer token, or empty when the plugin gives a client certificate
 * @param clientCertificateData PEM, or empty
 * @param clientKeyData PEM, or empty
 * @param expires {@code status.expirationTimestamp}; empty means valid until the API server says 401
 */
public record PluginCredential(String token, String clientCertificateData, String clientKeyData,
                               Optional<Instant> expires) {

    public PluginCredential {
        token = token == null ? "" : token;
        clientCertificateData = clientCertificateData == null ? "" : clientCertificateData;
        clientKeyData = clientKeyData == null ? "" : clientKeyData;
    }

    public boolean hasToken() {
        return !token.isEmpty();
    }

    public boolean hasClientCertificate() {
        return !clientCertificateData.isEmpty() && !clientKeyData.isEmpty();
    }

    /** The token, never its text: credentials do not go into logs or messages. */
    @Override
    public String toString() {
        return "PluginCredential[" + (hasToken() ? "token" : "client certificate") + ", expires "
                + expires.map(Instant::toString).orElse("never") + "]";
    }
}
