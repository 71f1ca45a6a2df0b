package dev.nightjar.desktop.cluster;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One kubeconfig context as the user picks it: its name, the cluster and user it
 * names, its default namespace, and the file it came from.
 *
 * @param server the API server URL of the named cluster, or empty if no file defines the cluster
 * @param credentialPlugin the exec credential plugin the named user runs ({@code users[].user.exec}), if any
 */
public record KubeContext(
        String name,
        String cluster,
        String user,
        Optional<String> namespace,
        Optional<String> server,
        Optional<ExecPlugin> credentialPlugin,
        Path file) {
}
