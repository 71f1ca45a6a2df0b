package dev.nightjar.desktop.security;

import dev.nightjar.desktop.textfilter.TextFilter;
import dev.nightjar.desktop.textfilter.TextFilterException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The Security page's filter (language: {@link TextFilter}). Fields:
 * <pre>
 *   policy=sensitive-kernel-paths   the policy that matched (one in force or recorded)
 *   pod=shop/cart-0 | pod=cart-*    "namespace/name", the name alone, "host", or a container id
 *   binary=/usr/bin/cat | binary=cat the executable's path or its file name
 *   path=/proc/sys/kernel/*         the file opened, binary exec'd or syscall
 *   severity=critical,warning       critical, warning, info
 *   kind=exec                       file-open, exec, exit, privilege, namespace, syscall, connect, rate-limit
 *   node=, comm=, pid=
 * </pre>
 * Free text matches all of them and the command line. A severity, kind or policy that names
 * nothing that exists is refused with the ones that do.
 */
public final class SecurityFilter {

    private static final Map<String, Function<SecurityRow, List<String>>> BY_NAME = byName();

    private SecurityFilter() {
    }

    private static Map<String, Function<SecurityRow, List<String>>> byName() {
        Map<String, Function<SecurityRow, List<String>>> byName = new LinkedHashMap<>();
        byName.put("policy", r -> List.of(r.policy()));
        byName.put("pod", SecurityFilter::pods);
        byName.put("binary", r -> List.of(r.binary(), baseName(r.binary())));
        byName.put("path", r -> List.of(r.event().getPath()));
        byName.put("severity", r -> List.of(r.severity()));
        byName.put("kind", r -> List.of(r.kind()));
        byName.put("node", r -> List.of(r.node()));
        byName.put("comm", r -> List.of(r.comm()));
        byName.put("pid", r -> List.of(Integer.toString(r.pid())));
        return Map.copyOf(byName);
    }

    private static List<String> pods(SecurityRow r) {
        List<String> names = new ArrayList<>(List.of(r.pod()));
        int slash = r.pod().indexOf('/');
        if (slash >= 0) {
            names.add(r.pod().substring(slash + 1));
        }
        if (!r.event().getContainerId().isEmpty()) {
            names.add(r.event().getContainerId());
        }
        return names;
    }

    private static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static List<String> freeText(SecurityRow r) {
        List<String> texts = new ArrayList<>(List.of(r.policy(), r.pod(), r.binary(), r.what(), r.comm(), r.kind(),
                r.severity(), r.node()));
        texts.addAll(r.event().getProcess().getArgvList());
        return texts;
    }

    private static TextFilter.Fields<SecurityRow> fields(Collection<String> knownPolicies) {
        return new TextFilter.Fields<>(BY_NAME, SecurityFilter::freeText, Map.of(
                "severity", SecurityWords.SEVERITIES,
                "kind", SecurityWords.KINDS,
                "policy", List.copyOf(new TreeSet<>(knownPolicies))));
    }

    public static TextFilter<SecurityRow> everything() {
        return TextFilter.everything(fields(List.of()));
    }

    /**
     * @param knownPolicies the policies a {@code policy=} value may name: those in force on the
     *                      capture's sensors and those its events name
     */
    public static TextFilter<SecurityRow> parse(String text, Collection<String> knownPolicies)
            throws TextFilterException {
        return TextFilter.parse(text, fields(knownPolicies));
    }
}
