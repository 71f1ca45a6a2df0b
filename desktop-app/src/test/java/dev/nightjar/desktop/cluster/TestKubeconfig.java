package dev.nightjar.desktop.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One-context kubeconfig files for tests: a server, extra cluster fields, and a user. */
public final class TestKubeconfig {

    private TestKubeconfig() {
    }

    /**
     * Writes a kubeconfig whose current context {@code context} names cluster and user {@code context}.
     *
     * @param clusterFields extra lines under {@code cluster:} ("tls-server-name: localhost")
     * @param user the lines under {@code user:} ({@link #token}, {@link #exec})
     */
    public static Path write(Path file, String context, String server, List<String> clusterFields, List<String> user)
            throws IOException {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: v1
                kind: Config
                current-context: %1$s
                contexts:
                - name: %1$s
                  context: {cluster: %1$s, user: %1$s}
                clusters:
                - name: %1$s
                  cluster:
                    server: "%2$s"
                """.formatted(context, server));
        clusterFields.forEach(f -> yaml.append("    ").append(f).append('\n'));
        yaml.append("users:\n- name: ").append(context).append("\n  user:\n");
        user.forEach(u -> yaml.append("    ").append(u).append('\n'));
        Files.writeString(file, yaml);
        return file;
    }

    public static List<String> token(String token) {
        return List.of("token: " + token);
    }

    /** A credential plugin user: {@code command} with ExecCredential v1, and more exec fields if given. */
    public static List<String> exec(Path command, String... fields) {
        List<String> lines = new java.util.ArrayList<>(List.of("exec:", "  apiVersion: " + PluginScripts.API_VERSION,
                "  command: " + command));
        for (String f : fields) {
            lines.add("  " + f);
        }
        return lines;
    }
}
