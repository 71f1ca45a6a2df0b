package dev.nightjar.desktop.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credential plugins as real processes (shell scripts): what they print, how they end, what the user sees. */
class ExecPluginRunnerTest {

    @TempDir
    Path dir;

    private static final ExecutableLookup LOOKUP = new ExecutableLookup("", false);

    /** What a PluginPrompts saw, in order. */
    private static final class Recorded implements PluginPrompts {
        final List<String> events = new CopyOnWriteArrayList<>();
        final AtomicBoolean cancel = new AtomicBoolean();

        @Override
        public void started(String command) {
            events.add("started " + command);
        }

        @Override
        public void stderr(String line) {
            events.add("stderr " + line);
        }

        @Override
        public void finished() {
            events.add("finished");
        }

        @Override
        public boolean cancelled() {
            return cancel.get();
        }
    }

    private static ExecPluginSpec spec(Path plugin, String... args) {
        return new ExecPluginSpec("oncall", new ExecPlugin(plugin.toString(), null), List.of(args), Map.of(),
                PluginScripts.API_VERSION, "IfAvailable", Optional.empty());
    }

    private static ExecPluginRunner runner(Duration silent, Duration afterPrompt) {
        return new ExecPluginRunner(new ExecPluginTimeouts(silent, afterPrompt), LOOKUP);
    }

    @Test
    void standardErrorIsShownAndKeptOutOfTheCredential() throws Exception {
        Path plugin = PluginScripts.withStderr(dir, "abc123", "warning: your CLI is out of date");
        Recorded prompts = new Recorded();

        PluginCredential credential = runner(Duration.ofSeconds(20), Duration.ofSeconds(20)).run(spec(plugin), prompts);

        assertThat(credential.token()).isEqualTo("abc123");
        assertThat(credential.expires()).isEmpty();
        assertThat(prompts.events).containsExactly("started " + plugin, "stderr warning: your CLI is out of date",
                "finished");
    }

    @Test
    void theExpiryIsRead() throws Exception {
        Path plugin = PluginScripts.expiring(dir, 900);
        Instant before = Instant.now();
        PluginCredential credential = runner(Duration.ofSeconds(20), Duration.ofSeconds(20)).run(spec(plugin), PluginPrompts.NONE);
        assertThat(credential.token()).isEqualTo("tok-1");
        assertThat(credential.expires()).hasValueSatisfying(exp ->
                assertThat(exp).isBetween(before.plusSeconds(898), Instant.now().plusSeconds(901)));
    }

    @Test
    void aDeviceCodePromptReachesTheUserWhileThePluginWaitsForTheLogin() throws Exception {
        Path plugin = PluginScripts.deviceCode(dir, "ABCD-EFGH", "after-login", 60);
        Recorded prompts = new Recorded();
        // Silent limit far below the time the "user" takes: a plugin that prompted gets the longer one.
        ExecPluginRunner runner = runner(Duration.ofMillis(700), Duration.ofSeconds(30));

        CompletableFuture<PluginCredential> run = CompletableFuture.supplyAsync(() -> runner.run(spec(plugin), prompts));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (prompts.events.stream().noneMatch(e -> e.contains("ABCD-EFGH")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(prompts.events).anySatisfy(e -> assertThat(e).startsWith("stderr To sign in")
                .contains("https://microsoft.com/devicelogin").contains("ABCD-EFGH"));
        Thread.sleep(1_000); // past the silent limit: still waiting, not stopped
        assertThat(run).isNotDone();

        Files.writeString(dir.resolve("signed-in"), "");

        assertThat(run.get(20, TimeUnit.SECONDS).token()).isEqualTo("after-login");
        assertThat(prompts.events).last().isEqualTo("finished");
    }

    @Test
    void aHangingPluginIsStoppedWithItsChildrenAndSaysSo() throws Exception {
        Path plugin = PluginScripts.hanging(dir);
        long start = System.nanoTime();

        assertThatThrownBy(() -> runner(Duration.ofSeconds(1), Duration.ofSeconds(1)).run(spec(plugin), PluginPrompts.NONE))
                .isInstanceOfSatisfying(CredentialPluginException.class, e ->
                        assertThat(e.kind()).isEqualTo(CredentialPluginException.Kind.TIMED_OUT))
                .hasMessageContaining("hanging-plugin")
                .hasMessageContaining("did not finish within 1 s and was stopped")
                .hasMessageContaining("It printed nothing")
                .hasMessageContaining("in a terminal");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        String[] pids = Files.readString(dir.resolve("pids")).strip().split(" ");
        for (String pid : pids) {
            assertThat(ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false))
                    .as("process %s of the plugin", pid).isFalse();
        }
    }

    @Test
    void aFailingPluginIsExplainedWithItsOwnWordsAsALoginProblem() throws Exception {
        Path plugin = PluginScripts.failing(dir, "Error loading SSO Token: Token for my-sso does not exist", 255);

        assertThatThrownBy(() -> runner(Duration.ofSeconds(20), Duration.ofSeconds(20)).run(spec(plugin), PluginPrompts.NONE))
                .isInstanceOfSatisfying(CredentialPluginException.class, e ->
                        assertThat(e.kind()).isEqualTo(CredentialPluginException.Kind.FAILED))
                .hasMessageContaining("`" + plugin + "` (the credential plugin of kubeconfig user \"oncall\") failed"
                        + " (exit status 255)")
                .hasMessageContaining("It said: Error loading SSO Token: Token for my-sso does not exist.")
                .hasMessageContaining("not a missing permission");
    }

    @Test
    void userCancelStopsThePlugin() throws Exception {
        Path plugin = PluginScripts.deviceCode(dir, "WXYZ-1234", "never", 60);
        Recorded prompts = new Recorded();
        CompletableFuture<PluginCredential> run = CompletableFuture.supplyAsync(() ->
                runner(Duration.ofSeconds(30), Duration.ofSeconds(30)).run(spec(plugin), prompts));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (prompts.events.stream().noneMatch(e -> e.contains("WXYZ-1234")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        prompts.cancel.set(true);

        assertThat(run).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                .havingRootCause().isInstanceOf(CredentialPluginException.class)
                .withMessageContaining("cancelled").withMessageContaining("WXYZ-1234");
        long pid = Long.parseLong(Files.readString(dir.resolve("pid")).strip());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void aMessageOnStandardOutputIsABadCredentialNotAnAnonymousRequest() throws Exception {
        Path plugin = PluginScripts.printing(dir, """
                echo 'Opening browser for login...'
                printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"t"}}\\n'
                """.formatted(PluginScripts.API_VERSION));
        assertThatThrownBy(() -> runner(Duration.ofSeconds(20), Duration.ofSeconds(20)).run(spec(plugin), PluginPrompts.NONE))
                .isInstanceOfSatisfying(CredentialPluginException.class, e ->
                        assertThat(e.kind()).isEqualTo(CredentialPluginException.Kind.BAD_OUTPUT))
                .hasMessageContaining("not JSON")
                .hasMessageContaining("messages belong on standard error");
    }

    @Test
    void thePluginIsToldItCannotPromptAndAboutTheClusterWhenAsked() throws Exception {
        Path plugin = PluginScripts.printing(dir, """
                d="$(dirname "$0")"
                printf '%%s' "$KUBERNETES_EXEC_INFO" > "$d/exec-info"
                printf '%%s' "$REGION" > "$d/region"
                printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"t"}}\\n'
                """.formatted(PluginScripts.API_VERSION));
        ExecPluginSpec spec = new ExecPluginSpec("oncall", new ExecPlugin(plugin.toString(), null), List.of(),
                Map.of("REGION", "eu-west-1"), PluginScripts.API_VERSION, "IfAvailable",
                Optional.of(Map.of("server", "https://kube.example:6443")));

        runner(Duration.ofSeconds(20), Duration.ofSeconds(20)).run(spec, PluginPrompts.NONE);

        assertThat(Files.readString(dir.resolve("exec-info"))).isEqualTo("{\"apiVersion\":\"" + PluginScripts.API_VERSION
                + "\",\"kind\":\"ExecCredential\",\"spec\":{\"interactive\":false,\"cluster\":"
                + "{\"server\":\"https://kube.example:6443\"}}}");
        assertThat(Files.readString(dir.resolve("region"))).isEqualTo("eu-west-1");
    }

    @Test
    void aPluginThatNeedsATerminalIsNotStarted() throws Exception {
        Path plugin = PluginScripts.withStderr(dir, "t", "should not run");
        ExecPluginSpec always = new ExecPluginSpec("oncall", new ExecPlugin(plugin.toString(), null), List.of("get-token"),
                Map.of(), PluginScripts.API_VERSION, "Always", Optional.empty());
        Recorded prompts = new Recorded();
        assertThatThrownBy(() -> runner(Duration.ofSeconds(20), Duration.ofSeconds(20)).run(always, prompts))
                .isInstanceOfSatisfying(CredentialPluginException.class, e ->
                        assertThat(e.kind()).isEqualTo(CredentialPluginException.Kind.NEEDS_TERMINAL))
                .hasMessageContaining("interactiveMode: Always")
                .hasMessageContaining("Run `" + plugin + " get-token` once in a terminal");
        assertThat(prompts.events).isEmpty();
    }
}
