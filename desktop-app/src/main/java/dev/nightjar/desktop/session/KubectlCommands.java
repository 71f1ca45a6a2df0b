package dev.nightjar.desktop.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code kubectl} commands that finish a teardown by hand: one {@code delete} per kind
 * and namespace naming exactly the objects that are left, with the session's kubeconfig
 * context so the command goes to the same cluster. A pod still Terminating on an unreachable
 * node gets its own command with {@code --force}, to run only once the node is known gone.
 */
public final class KubectlCommands {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:/@=+-]+");

    private KubectlCommands() {
    }

    public static List<String> forLeftovers(String kubeContext, List<Leftover> left) {
        String context = kubeContext == null || kubeContext.isBlank() ? "" : " --context " + quote(kubeContext);
        Map<String, List<String>> plain = new LinkedHashMap<>();
        Map<String, List<String>> forced = new LinkedHashMap<>();
        List<String> namespaces = new ArrayList<>();
        for (Leftover l : left) {
            if (l.kind().equals("namespace")) {
                namespaces.add(l.name());
                continue;
            }
            String key = l.namespace() + " " + l.kind();
            (l.terminating() && l.kind().equals("pod") ? forced : plain).computeIfAbsent(key, k -> new ArrayList<>())
                    .add(l.name());
        }
        List<String> out = new ArrayList<>();
        plain.forEach((key, names) -> out.add(command(context, key, names, "--ignore-not-found --wait=false")));
        forced.forEach((key, names) -> out.add(command(context, key, names, "--grace-period=0 --force")
                + "   # only once the node is known gone: the pod is Terminating and its node does not answer"));
        namespaces.forEach(ns -> out.add("kubectl" + context + " delete namespace " + quote(ns)
                + " --ignore-not-found --wait=false   # only if nothing else of yours lives there"));
        return List.copyOf(out);
    }

    private static String command(String context, String key, List<String> names, String flags) {
        String[] parts = key.split(" ", 2);
        StringBuilder sb = new StringBuilder("kubectl").append(context).append(" -n ").append(quote(parts[0]))
                .append(" delete ").append(parts[1]);
        names.forEach(n -> sb.append(' ').append(quote(n)));
        return sb.append(' ').append(flags).toString();
    }

    /** Kubernetes names never need quoting; a context name might (spaces, shell characters). */
    static String quote(String s) {
        return SAFE.matcher(s).matches() ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
