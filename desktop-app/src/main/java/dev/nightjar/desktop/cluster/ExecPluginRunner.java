package dev.nightjar.desktop.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a kubeconfig credential plugin once, the way kubectl does, and reads its
 * ExecCredential. Unlike fabric8's own runner (which merges standard error into standard
 * output and waits forever) it keeps the two apart: standard output must be the
 * ExecCredential JSON, standard error goes line by line to {@link PluginPrompts} (a
 * device-code login's instructions reach the user while the plugin waits for them), and
 * the run is stopped, with the processes it started, when it takes too long or the user
 * cancels. Standard input is closed at once: a desktop app has no terminal to give.
 * Blocking; never call it on the UI thread.
 */
public final class ExecPluginRunner {

    /** The ExecCredential versions kubectl still speaks (v1alpha1 was removed in Kubernetes 1.24). */
    public static final Set<String> API_VERSIONS = Set.of(
            "client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1");

    private static final int MAX_STDOUT_BYTES = 1 << 20;
    private static final int MAX_LINE_CHARS = 2_000;
    private static final int STDERR_TAIL_LINES = 12;
    private static final long POLL_MILLIS = 100;
    private static final Duration KILL_GRACE = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ExecPluginTimeouts timeouts;
    private final ExecutableLookup executables;

    public ExecPluginRunner(ExecPluginTimeouts timeouts, ExecutableLookup executables) {
        this.timeouts = timeouts;
        this.executables = executables;
    }

    /** Runs the plugin; its standard error goes to {@code prompts}. */
    public PluginCredential run(ExecPluginSpec spec, PluginPrompts prompts) {
        String name = "`" + spec.plugin().command() + "` (the credential plugin of kubeconfig user \"" + spec.user() + "\")";
        if (!API_VERSIONS.contains(spec.apiVersion())) {
            throw new CredentialPluginException(CredentialPluginException.Kind.BAD_OUTPUT, "The kubeconfig asks " + name
                    + " for ExecCredential version \"" + spec.apiVersion() + "\", which kubectl and Nightjar no longer"
                    + " speak. Use " + String.join(" or ", API_VERSIONS.stream().sorted().toList())
                    + " (refresh the kubeconfig with your cloud's CLI).");
        }
        if ("Always".equals(spec.interactiveMode())) {
            throw new CredentialPluginException(CredentialPluginException.Kind.NEEDS_TERMINAL, name
                    + " needs a terminal to ask for input (interactiveMode: Always), and Nightjar has none. Run `"
                    + spec.commandLine() + "` once in a terminal to log in, then reconnect.");
        }
        Path program = executables.find(spec.plugin().command()).orElseThrow(() -> new CredentialPluginException(
                CredentialPluginException.Kind.NOT_STARTED,
                spec.plugin().missingMessage(spec.user(), executables).orElse(name + " cannot be found.")));
        List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(spec.args());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(spec.env());
        builder.environment().put("KUBERNETES_EXEC_INFO", execInfo(spec));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new CredentialPluginException(CredentialPluginException.Kind.NOT_STARTED, "Cannot start " + name + ": "
                    + Problems.rootMessage(e) + ". Check that it is installed and executable.", e);
        }
        prompts.started(spec.commandLine());
        try {
            return await(process, spec, name, prompts);
        } finally {
            prompts.finished();
        }
    }

    private PluginCredential await(Process process, ExecPluginSpec spec, String name, PluginPrompts prompts) {
        try {
            process.getOutputStream().close(); // no terminal: a plugin that reads stdin sees end of input
        } catch (IOException ignored) {
            // It exited already; its output says how it went.
        }
        StdoutReader stdout = new StdoutReader(process.getInputStream());
        StderrReader stderr = new StderrReader(process.getErrorStream(), prompts);
        Thread out = Thread.ofPlatform().daemon().name("nightjar-exec-plugin-stdout").start(stdout);
        Thread err = Thread.ofPlatform().daemon().name("nightjar-exec-plugin-stderr").start(stderr);
        long start = System.nanoTime();
        try {
            while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (prompts.cancelled()) {
                    stop(process);
                    throw new CredentialPluginException(CredentialPluginException.Kind.CANCELLED,
                            "Connecting was cancelled while " + name + " was waiting" + stderr.tailSentence());
                }
                Duration limit = stderr.wroteAnything() ? timeouts.afterPrompt() : timeouts.silent();
                if (System.nanoTime() - start > limit.toNanos()) {
                    stop(process);
                    throw new CredentialPluginException(CredentialPluginException.Kind.TIMED_OUT, name
                            + " did not finish within " + seconds(limit) + " and was stopped"
                            + (stderr.wroteAnything() ? stderr.tailSentence()
                                    : ". It printed nothing: it may be waiting for input that only a terminal can give,"
                                            + " or for a network that does not answer.")
                            + " Run `" + spec.commandLine() + "` in a terminal to see what it does, then reconnect.");
                }
            }
            join(out);
            join(err);
        } catch (InterruptedException e) {
            stop(process);
            Thread.currentThread().interrupt();
            throw new CredentialPluginException(CredentialPluginException.Kind.CANCELLED, "Connecting was cancelled while "
                    + name + " was running.", e);
        }
        int status = process.exitValue();
        if (status != 0) {
            throw new CredentialPluginException(CredentialPluginException.Kind.FAILED, name + " failed (exit status "
                    + status + ")" + stderr.tailSentence() + " This is a login problem, not a missing permission: "
                    + spec.plugin().loginHint());
        }
        return parse(stdout.bytes(), stdout.overflowed(), spec, name);
    }

    static PluginCredential parse(byte[] stdout, boolean overflowed, ExecPluginSpec spec, String name) {
        if (overflowed) {
            throw badOutput(name, "it printed more than " + MAX_STDOUT_BYTES / 1024 + " KiB on standard output");
        }
        JsonNode root;
        try {
            root = JSON.readTree(stdout);
        } catch (IOException e) {
            throw badOutput(name, "its standard output is not JSON (" + Problems.rootMessage(e) + ")");
        }
        if (root == null || !root.isObject()) {
            throw badOutput(name, "it printed nothing on standard output");
        }
        if (!"ExecCredential".equals(root.path("kind").asText())) {
            throw badOutput(name, "its output is not an ExecCredential (kind \"" + root.path("kind").asText() + "\")");
        }
        String version = root.path("apiVersion").asText();
        if (!version.equals(spec.apiVersion())) {
            throw badOutput(name, "it answered in version \"" + version + "\" but was asked for \"" + spec.apiVersion() + "\"");
        }
        JsonNode status = root.path("status");
        PluginCredential credential = new PluginCredential(text(status, "token"), text(status, "clientCertificateData"),
                text(status, "clientKeyData"), expiry(status, name));
        if (!credential.hasToken() && !credential.hasClientCertificate()) {
            throw badOutput(name, "its ExecCredential has neither a token nor a client certificate and key");
        }
        return credential;
    }

    private static Optional<Instant> expiry(JsonNode status, String name) {
        String raw = text(status, "expirationTimestamp");
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(raw).toInstant());
        } catch (DateTimeParseException e) {
            throw badOutput(name, "its expirationTimestamp \"" + raw + "\" is not an RFC 3339 time");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    private static CredentialPluginException badOutput(String name, String what) {
        return new CredentialPluginException(CredentialPluginException.Kind.BAD_OUTPUT, name + " did not give a"
                + " credential: " + what + ". A plugin must print only its ExecCredential on standard output"
                + " (messages belong on standard error); update the plugin or refresh the kubeconfig.");
    }

    /** KUBERNETES_EXEC_INFO: what kubectl tells a plugin about the call (never interactive here). */
    static String execInfo(ExecPluginSpec spec) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("interactive", false);
        spec.clusterInfo().ifPresent(c -> inner.put("cluster", c));
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("apiVersion", spec.apiVersion());
        info.put("kind", "ExecCredential");
        info.put("spec", inner);
        try {
            return JSON.writeValueAsString(info);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write KUBERNETES_EXEC_INFO", e);
        }
    }

    /**
     * Stops the plugin and whatever it started (a shell script's children hold its pipes open):
     * SIGTERM to all, then SIGKILL to what is still there after the grace period. Returns when
     * they are gone or the grace period is over.
     */
    private static void stop(Process process) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + KILL_GRACE.toNanos();
        try {
            for (ProcessHandle h : all) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    h.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Whatever did not end in time is killed below.
        }
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** The readers end when the pipes close; a grandchild that kept one open is not waited for long. */
    private static void join(Thread reader) throws InterruptedException {
        reader.join(KILL_GRACE);
    }

    private static String seconds(Duration d) {
        return d.toSeconds() >= 1 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** Standard output, kept up to a limit and drained beyond it so the plugin never blocks on a full pipe. */
    private static final class StdoutReader implements Runnable {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private volatile boolean overflowed;

        StdoutReader(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (kept) {
                        if (kept.size() + n <= MAX_STDOUT_BYTES) {
                            kept.write(buffer, 0, n);
                        } else {
                            overflowed = true;
                        }
                    }
                }
            } catch (IOException ignored) {
                // The process was stopped; what was read is what there is.
            }
        }

        byte[] bytes() {
            synchronized (kept) {
                return kept.toByteArray();
            }
        }

        boolean overflowed() {
            return overflowed;
        }
    }

    /** Standard error, line by line to the prompts, and its last lines kept for the failure message. */
    private static final class StderrReader implements Runnable {
        private final InputStream in;
        private final PluginPrompts prompts;
        private final Deque<String> tail = new ArrayDeque<>();
        private volatile boolean wroteAnything;

        StderrReader(InputStream in, PluginPrompts prompts) {
            this.in = in;
            this.prompts = prompts;
        }

        @Override
        public void run() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    String kept = line.length() <= MAX_LINE_CHARS ? line : line.substring(0, MAX_LINE_CHARS) + "…";
                    wroteAnything = true;
                    synchronized (tail) {
                        tail.addLast(kept);
                        if (tail.size() > STDERR_TAIL_LINES) {
                            tail.removeFirst();
                        }
                    }
                    prompts.stderr(kept);
                }
            } catch (IOException ignored) {
                // The process was stopped.
            }
        }

        boolean wroteAnything() {
            return wroteAnything;
        }

        /** ". It said: …" with its last lines, or "." when it said nothing. */
        String tailSentence() {
            List<String> lines;
            synchronized (tail) {
                lines = tail.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
            }
            String said = String.join(" / ", lines);
            return lines.isEmpty() ? "." : ". It said: " + said + (said.matches("(?s).*[.!?]$") ? "" : ".");
        }
    }
}
