package dev.nightjar.desktop.cluster;

import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.NamedExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code spec.cluster} of KUBERNETES_EXEC_INFO, for plugins whose kubeconfig says
 * {@code provideClusterInfo: true}: the fields client-go passes (server, certificate
 * authority, tls-server-name, proxy-url, …) and the exec extension's {@code config}.
 */
final class ExecClusterInfo {

    /** The kubeconfig extension whose value is handed to the plugin as {@code config}. */
    static final String EXEC_EXTENSION = "client.authentication.k8s.io/exec";

    private ExecClusterInfo() {
    }

    static Map<String, Object> of(Cluster c) {
        Map<String, Object> info = new LinkedHashMap<>();
        put(info, "server", c.getServer());
        put(info, "tls-server-name", c.getTlsServerName());
        if (Boolean.TRUE.equals(c.getInsecureSkipTlsVerify())) {
            info.put("insecure-skip-tls-verify", true);
        }
        String caData = c.getCertificateAuthorityData();
        if ((caData == null || caData.isBlank()) && c.getCertificateAuthority() != null && !c.getCertificateAuthority().isBlank()) {
            caData = fileAsBase64(Path.of(c.getCertificateAuthority()));
        }
        put(info, "certificate-authority-data", caData);
        put(info, "proxy-url", c.getProxyUrl());
        if (Boolean.TRUE.equals(c.getDisableCompression())) {
            info.put("disable-compression", true);
        }
        for (NamedExtension e : c.getExtensions() == null ? List.<NamedExtension>of() : c.getExtensions()) {
            if (EXEC_EXTENSION.equals(e.getName()) && e.getExtension() != null) {
                info.put("config", e.getExtension());
            }
        }
        return info;
    }

    private static void put(Map<String, Object> info, String key, String value) {
        if (value != null && !value.isBlank()) {
            info.put(key, value);
        }
    }

    /** client-go hands the plugin the authority's bytes even when the kubeconfig names a file. */
    private static String fileAsBase64(Path file) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        } catch (IOException e) {
            return null; // fabric8 reports the unreadable file when it builds the TLS context
        }
    }
}
