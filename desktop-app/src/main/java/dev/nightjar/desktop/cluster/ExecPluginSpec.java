package dev.nightjar.desktop.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything needed to run one kubeconfig user's exec credential plugin as kubectl runs it
 * ({@code users[].user.exec}): the program and its arguments, the extra environment, the
 * ExecCredential version it speaks, whether it may prompt, and the cluster it is asked
 * about when the kubeconfig says {@code provideClusterInfo: true}.
 *
 * @param user the kubeconfig user the plugin logs in
 * @param plugin the command as written (a bare name is looked up on PATH) and its install hint
 * @param interactiveMode {@code Never}, {@code IfAvailable} or {@code Always} (kubectl's default: IfAvailable)
 * @param clusterInfo {@code spec.cluster} of KUBERNETES_EXEC_INFO, present only with provideClusterInfo
 */
public record ExecPluginSpec(String user, ExecPlugin plugin, List<String> args, Map<String, String> env,
                             String apiVersion, String interactiveMode, Optional<Map<String, Object>> clusterInfo) {

    public ExecPluginSpec {
        args = List.copyOf(args);
        env = Map.copyOf(env);
        interactiveMode = interactiveMode == null || interactiveMode.isBlank() ? "IfAvailable" : interactiveMode;
    }

    /** The command line to paste into a terminal to run the plugin by hand (arguments quoted for a POSIX shell). */
    public String commandLine() {
        List<String> words = new ArrayList<>();
        words.add(quote(plugin.command()));
        args.forEach(a -> words.add(quote(a)));
        return String.join(" ", words);
    }

    private static String quote(String word) {
        if (!word.isEmpty() && word.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./=:@,".indexOf(c) >= 0)) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
