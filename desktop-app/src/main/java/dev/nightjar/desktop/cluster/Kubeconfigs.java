package dev.nightjar.desktop.cluster;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.api.model.ExecConfig;
import io.fabric8.kubernetes.api.model.ExecEnvVar;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedAuthInfoBuilder;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The user's kubeconfig, read as kubectl reads it: the files listed in
 * {@code KUBECONFIG} (separated by the platform's path separator) merged in order,
 * the first file to define a context, cluster or user name winning, and the first
 * {@code current-context} winning; without {@code KUBECONFIG}, {@code ~/.kube/config}.
 *
 * <p>A listed file that does not exist is skipped with a warning, as kubectl does;
 * if no file is left, or a file does not parse, loading fails with a
 * {@link KubeconfigProblem} naming the file. Relative paths inside a file
 * (certificates, keys, token files, credential plugins) are resolved against that
 * file's directory, so merged entries from several directories keep working.
 */
public final class Kubeconfigs {

    private record Sourced<T>(T value, Path file) {
    }

    private final List<Path> files;
    private final List<String> warnings;
    private final Map<String, Sourced<NamedContext>> contexts = new LinkedHashMap<>();
    private final Map<String, Sourced<NamedCluster>> clusters = new LinkedHashMap<>();
    private final Map<String, Sourced<NamedAuthInfo>> users = new LinkedHashMap<>();
    private final String currentContext;

    private Kubeconfigs(List<Path> files, List<String> warnings, List<Config> parsed) {
        this.files = List.copyOf(files);
        this.warnings = List.copyOf(warnings);
        String current = null;
        for (int i = 0; i < parsed.size(); i++) {
            Config config = parsed.get(i);
            Path file = files.get(i);
            if (current == null && config.getCurrentContext() != null && !config.getCurrentContext().isBlank()) {
                current = config.getCurrentContext();
            }
            for (NamedContext c : nullSafe(config.getContexts())) {
                if (c.getName() != null) {
                    contexts.putIfAbsent(c.getName(), new Sourced<>(c, file));
                }
            }
            for (NamedCluster c : nullSafe(config.getClusters())) {
                if (c.getName() != null) {
                    clusters.putIfAbsent(c.getName(), new Sourced<>(resolvePaths(c, file), file));
                }
            }
            for (NamedAuthInfo u : nullSafe(config.getUsers())) {
                if (u.getName() != null) {
                    users.putIfAbsent(u.getName(), new Sourced<>(resolvePaths(u, file), file));
                }
            }
        }
        this.currentContext = current;
    }

    /** Whether this process has a kubeconfig to read: one of the files {@link #load()} would read exists. */
    public static boolean present() {
        return files(System.getenv("KUBECONFIG"), Path.of(System.getProperty("user.home"))).stream()
                .anyMatch(Files::isRegularFile);
    }

    /** The files a {@code KUBECONFIG} value names, in order, or the default file under {@code home}. */
    static List<Path> files(String kubeconfigVariable, Path home) {
        List<Path> listed = new ArrayList<>();
        if (kubeconfigVariable != null && !kubeconfigVariable.isBlank()) {
            for (String part : kubeconfigVariable.split(File.pathSeparator)) {
                Path p = Path.of(part.strip());
                if (!part.isBlank() && !listed.contains(p)) {
                    listed.add(p);
                }
            }
        } else {
            listed.add(home.resolve(".kube").resolve("config"));
        }
        return listed;
    }

    /** Reads the kubeconfig of this process: {@code KUBECONFIG}, else {@code ~/.kube/config}. */
    public static Kubeconfigs load() {
        return load(System.getenv("KUBECONFIG"), Path.of(System.getProperty("user.home")));
    }

    /**
     * Reads the kubeconfig named by a {@code KUBECONFIG} value (null or blank: the
     * default file under {@code home}).
     */
    public static Kubeconfigs load(String kubeconfigVariable, Path home) {
        List<Path> listed = files(kubeconfigVariable, home);
        boolean fromVariable = kubeconfigVariable != null && !kubeconfigVariable.isBlank();
        List<Path> read = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<Config> parsed = new ArrayList<>();
        for (Path file : listed) {
            Optional<String> text = readIfPresent(file);
            if (text.isEmpty()) {
                warnings.add("Skipped " + file + ": the file does not exist.");
                continue;
            }
            parsed.add(parse(text.get(), file));
            read.add(file);
        }
        if (read.isEmpty()) {
            String where = fromVariable
                    ? "KUBECONFIG names " + listed + ", and none of these files exists."
                    : "There is no kubeconfig at " + listed.getFirst() + " and KUBECONFIG is not set.";
            throw new KubeconfigProblem("No kubeconfig found. " + where
                    + " Point KUBECONFIG at your cluster's kubeconfig file, or create one with your"
                    + " cloud's CLI (for example `gcloud container clusters get-credentials`,"
                    + " `aws eks update-kubeconfig`, `az aks get-credentials`).");
        }
        return new Kubeconfigs(read, warnings, parsed);
    }

    /** The files that were read, in merge order. */
    public List<Path> files() {
        return files;
    }

    /** Things the user may want to know that did not stop loading (skipped files). */
    public List<String> warnings() {
        return warnings;
    }

    /** Every context of every file, in merge order, first definition of a name only. */
    public List<KubeContext> contexts() {
        return contexts.keySet().stream().map(this::describe).toList();
    }

    /** The {@code current-context} of the first file that sets one. */
    public Optional<String> currentContext() {
        return Optional.ofNullable(currentContext);
    }

    /** A context by name; fails with a message if no file defines it. */
    public KubeContext context(String name) {
        if (!contexts.containsKey(name)) {
            throw new KubeconfigProblem("There is no context \"" + name + "\" in " + files
                    + ". Known contexts: " + contexts.keySet() + ".");
        }
        return describe(name);
    }

    /**
     * The fabric8 configuration for a context. Fails with a {@link KubeconfigProblem} if
     * the context names a cluster or user that no file defines, or a credential plugin
     * that is not installed.
     */
    public io.fabric8.kubernetes.client.Config clientConfig(String contextName, ExecutableLookup executables) {
        Sourced<NamedContext> ctx = contextEntry(contextName);
        String clusterName = ctx.value().getContext().getCluster();
        String userName = ctx.value().getContext().getUser();
        Sourced<NamedCluster> cluster = clusters.get(clusterName);
        if (cluster == null) {
            throw new KubeconfigProblem("Context \"" + contextName + "\" (in " + ctx.file() + ") names cluster \""
                    + clusterName + "\", but no kubeconfig file defines it (read: " + files + ").");
        }
        if (cluster.value().getCluster() == null || blank(cluster.value().getCluster().getServer())) {
            throw new KubeconfigProblem("Cluster \"" + clusterName + "\" (in " + cluster.file()
                    + ") has no server URL.");
        }
        Sourced<NamedAuthInfo> user = null;
        if (!blank(userName)) {
            user = users.get(userName);
            if (user == null) {
                throw new KubeconfigProblem("Context \"" + contextName + "\" (in " + ctx.file() + ") names user \""
                        + userName + "\", but no kubeconfig file defines it (read: " + files + ").");
            }
            ExecPlugin.ofUser(user.value().getUser())
                    .flatMap(plugin -> plugin.missingMessage(userName, executables))
                    .ifPresent(message -> {
                        throw new KubeconfigProblem(message);
                    });
        }
        ConfigBuilder single = new ConfigBuilder()
                .withApiVersion("v1").withKind("Config")
                .withCurrentContext(contextName)
                .withContexts(ctx.value())
                .withClusters(cluster.value());
        if (user != null) {
            // The credential plugin is Nightjar's to run (ExecPluginRunner): fabric8 would run it here once,
            // with its standard error mixed into the credential and no time limit, and never again on expiry.
            single.withUsers(new NamedAuthInfoBuilder(user.value()).editOrNewUser().withExec(null).endUser().build());
        }
        String yaml = Serialization.asYaml(single.build());
        try {
            // The single-context YAML names its current context, and its relative paths are already absolute.
            return io.fabric8.kubernetes.client.Config.fromKubeconfig(yaml);
        } catch (RuntimeException e) {
            throw new KubeconfigProblem("Context \"" + contextName + "\" (in " + ctx.file()
                    + ") cannot be used: " + Problems.rootMessage(e));
        }
    }

    /**
     * The exec credential plugin of the context's user ({@code users[].user.exec}), ready to run,
     * or empty if the user has none. Relative commands are already resolved against their file.
     */
    public Optional<ExecPluginSpec> credentialPlugin(String contextName) {
        Sourced<NamedContext> ctx = contextEntry(contextName);
        Sourced<NamedAuthInfo> user = users.get(ctx.value().getContext().getUser());
        AuthInfo info = user == null ? null : user.value().getUser();
        if (info == null || info.getExec() == null || blank(info.getExec().getCommand())) {
            return Optional.empty();
        }
        ExecConfig exec = info.getExec();
        Map<String, String> env = new LinkedHashMap<>();
        for (ExecEnvVar v : nullSafe(exec.getEnv())) {
            if (v.getName() != null) {
                env.put(v.getName(), v.getValue() == null ? "" : v.getValue());
            }
        }
        Optional<Map<String, Object>> clusterInfo = Boolean.TRUE.equals(exec.getProvideClusterInfo())
                ? Optional.ofNullable(clusters.get(ctx.value().getContext().getCluster()))
                        .map(c -> ExecClusterInfo.of(c.value().getCluster()))
                : Optional.empty();
        return Optional.of(new ExecPluginSpec(user.value().getName(),
                new ExecPlugin(exec.getCommand(), exec.getInstallHint()), nullSafe(exec.getArgs()), env,
                exec.getApiVersion(), exec.getInteractiveMode(), clusterInfo));
    }

    /** The kubeconfig's entry for the context's cluster (server, proxy-url, tls-server-name, certificate authority). */
    public Cluster cluster(String contextName) {
        Sourced<NamedContext> ctx = contextEntry(contextName);
        Sourced<NamedCluster> cluster = clusters.get(ctx.value().getContext().getCluster());
        return cluster == null || cluster.value().getCluster() == null ? new Cluster() : cluster.value().getCluster();
    }

    /**
     * A fabric8 client for a context, as kubectl would talk to it: proxies, tls-server-name and
     * the credential plugin included ({@link ContextClients}). No one watches the plugin's prompts.
     */
    public KubernetesClient clientFor(String contextName) {
        return clientFor(contextName, ClientOptions.forThisProcess(PluginPrompts.NONE));
    }

    /** A fabric8 client for a context; see {@link ContextClients#build}. Blocking: may run the credential plugin. */
    public KubernetesClient clientFor(String contextName, ClientOptions options) {
        return ContextClients.build(this, contextName, options);
    }

    private Sourced<NamedContext> contextEntry(String name) {
        context(name); // fails with the message if there is no such context
        Sourced<NamedContext> ctx = contexts.get(name);
        if (ctx.value().getContext() == null) {
            throw new KubeconfigProblem("Context \"" + name + "\" (in " + ctx.file() + ") is empty: it names no cluster.");
        }
        return ctx;
    }

    private KubeContext describe(String name) {
        Sourced<NamedContext> ctx = contexts.get(name);
        var c = ctx.value().getContext();
        String clusterName = c == null ? null : c.getCluster();
        String userName = c == null ? null : c.getUser();
        Optional<String> server = Optional.ofNullable(clusters.get(clusterName))
                .map(s -> s.value().getCluster()).map(Cluster::getServer);
        Optional<ExecPlugin> exec = Optional.ofNullable(users.get(userName))
                .flatMap(u -> ExecPlugin.ofUser(u.value().getUser()));
        return new KubeContext(name, clusterName, userName,
                Optional.ofNullable(c == null ? null : c.getNamespace()).filter(s -> !s.isBlank()),
                server, exec, ctx.file());
    }

    private static Optional<String> readIfPresent(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new KubeconfigProblem("Cannot read kubeconfig " + file + ": " + Problems.rootMessage(e)
                    + ". Check that the file is readable by you.");
        }
    }

    private static Config parse(String text, Path file) {
        if (text.isBlank()) {
            return new Config(); // kubectl accepts an empty file
        }
        try {
            Config config = Serialization.unmarshal(text, Config.class);
            return config == null ? new Config() : config;
        } catch (RuntimeException e) {
            throw new KubeconfigProblem("Kubeconfig " + file + " is not valid YAML for a kubeconfig: "
                    + Problems.rootMessage(e) + ". Fix the file, or remove it from KUBECONFIG.");
        }
    }

    private static NamedCluster resolvePaths(NamedCluster named, Path file) {
        Cluster c = named.getCluster();
        if (c != null) {
            c.setCertificateAuthority(relativeTo(file, c.getCertificateAuthority()));
        }
        return named;
    }

    private static NamedAuthInfo resolvePaths(NamedAuthInfo named, Path file) {
        AuthInfo u = named.getUser();
        if (u != null) {
            u.setClientCertificate(relativeTo(file, u.getClientCertificate()));
            u.setClientKey(relativeTo(file, u.getClientKey()));
            u.setTokenFile(relativeTo(file, u.getTokenFile()));
            if (u.getExec() != null) {
                // kubectl: a command with a path separator is relative to the file; a bare name is looked up on PATH.
                String cmd = u.getExec().getCommand();
                if (cmd != null && (cmd.contains("/") || cmd.contains("\\"))) {
                    u.getExec().setCommand(relativeTo(file, cmd));
                }
            }
        }
        return named;
    }

    private static String relativeTo(Path file, String value) {
        return mapPath(value, p -> {
            Path dir = file.toAbsolutePath().getParent();
            return dir == null ? p : dir.resolve(p).normalize();
        });
    }

    private static String mapPath(String value, UnaryOperator<Path> resolver) {
        if (blank(value)) {
            return value;
        }
        Path p = Path.of(value);
        return p.isAbsolute() ? value : resolver.apply(p).toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
