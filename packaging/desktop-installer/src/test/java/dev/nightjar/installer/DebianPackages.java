package dev.nightjar.installer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The packages installed in a Debian root, as dpkg knows them, and what a package's declared
 * dependencies bring in: its own Depends and Pre-Depends, theirs, and so on.
 */
final class DebianPackages {

    /** The dpkg-query format {@link #parse} reads: one installed package a line. */
    static final String QUERY_FORMAT =
            "${Package}\\t${db:Status-Abbrev}\\t${Essential}\\t${Provides}\\t${Pre-Depends}\\t${Depends}\\t${Priority}\\n";

    private record Installed(String name, boolean essential, String priority, List<List<String>> dependencies) {
    }

    private final Map<String, Installed> installed;
    private final Map<String, Set<String>> providers;

    private DebianPackages(Map<String, Installed> installed, Map<String, Set<String>> providers) {
        this.installed = installed;
        this.providers = providers;
    }

    /** Reads {@code dpkg-query -W -f QUERY_FORMAT}'s output; packages not fully installed are left out. */
    static DebianPackages parse(String dpkgQueryOutput) {
        Map<String, Installed> installed = new HashMap<>();
        Map<String, Set<String>> providers = new HashMap<>();
        for (String line : dpkgQueryOutput.lines().toList()) {
            String[] f = line.split("\t", -1);
            if (f.length < 6 || !f[1].startsWith("ii")) {
                continue;
            }
            List<List<String>> dependencies = new ArrayList<>(relations(f[4]));
            dependencies.addAll(relations(f[5]));
            installed.put(f[0], new Installed(f[0], f[2].equals("yes"), f.length > 6 ? f[6] : "", dependencies));
            providers.computeIfAbsent(f[0], k -> new TreeSet<>()).add(f[0]);
            for (List<String> provided : relations(f[3])) {
                provided.forEach(p -> providers.computeIfAbsent(p, k -> new TreeSet<>()).add(f[0]));
            }
        }
        return new DebianPackages(installed, providers);
    }

    boolean isInstalled(String name) {
        return installed.containsKey(name);
    }

    /** The Essential: yes packages: every Debian system has them, nothing needs to declare them. */
    Set<String> essential() {
        Set<String> names = new TreeSet<>();
        installed.values().stream().filter(Installed::essential).forEach(p -> names.add(p.name()));
        return names;
    }

    /** The installed packages of these priorities ("required" and "important": what debootstrap installs). */
    Set<String> withPriority(Set<String> priorities) {
        Set<String> names = new TreeSet<>();
        installed.values().stream().filter(p -> priorities.contains(p.priority())).forEach(p -> names.add(p.name()));
        return names;
    }

    /**
     * The given packages and every installed package their dependencies reach. Of alternatives
     * ({@code a | b}) and virtual packages, every installed one counts: any of them could be
     * what satisfies the dependency on another system.
     */
    Set<String> closure(Set<String> roots) {
        Set<String> reached = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            Installed p = installed.get(name);
            if (p == null || !reached.add(name)) {
                continue;
            }
            for (List<String> alternatives : p.dependencies()) {
                for (String alternative : alternatives) {
                    todo.addAll(providers.getOrDefault(alternative, Set.of()));
                }
            }
        }
        return reached;
    }

    /** "a (>= 1), b:any | c" → [[a], [b, c]]: names only, no versions or architecture qualifiers. */
    static List<List<String>> relations(String field) {
        List<List<String>> result = new ArrayList<>();
        if (field.isBlank()) {
            return result;
        }
        for (String relation : field.split(",")) {
            List<String> alternatives = Arrays.stream(relation.split("\\|"))
                    .map(a -> a.strip().replaceAll("\\s*[(\\[].*$", "").replaceAll(":[a-z0-9]+$", ""))
                    .filter(a -> !a.isEmpty())
                    .toList();
            if (!alternatives.isEmpty()) {
                result.add(alternatives);
            }
        }
        return result;
    }
}
