package dev.nightjar.sensor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nightjar.sensor.lab.KernelTestSupport;
import dev.nightjar.sensor.profile.Burner;
import dev.nightjar.testing.KernelTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The profiler through the whole sensor: {@code serve} with its shipped collectors,
 * {@code observe --json --kinds profile --pid} over a real loopback socket, and the C
 * burner's stacks in the stream, folded root first.
 */
@KernelTest
class ProfileObserveEndToEndTest {

    private static final Duration OBSERVE_FOR = Duration.ofSeconds(8);

    @TempDir
    Path dir;

    private RunningServe serve;
    private Process burning;

    @BeforeEach
    void start() {
        KernelTestSupport.requireBpf();
    }

    @AfterEach
    void stop() {
        Burner.stop(burning);
        if (serve != null) {
            serve.close();
        }
    }

    @Test
    void observeJsonShowsTheBurnersFoldedStacks() throws Exception {
        Burner burner = Burner.compile(dir);
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, "profile-token\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        serve = RunningServe.start(new DefaultCollectorFactory(), "--listen", "127.0.0.1:0",
                "--token-file", tokenFile.toString(), "--idle-exit", "0", "--node-name", "lab-node");
        int port = serve.awaitPort(Duration.ofSeconds(30));
        burning = burner.start(OBSERVE_FOR.toSeconds() + 4);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger exit = new AtomicInteger(Integer.MIN_VALUE);
        CommandLine observe = new CommandLine(new ObserveCommand());
        observe.setOut(new PrintWriter(out, true));
        observe.setErr(new PrintWriter(err, true));
        Thread observer = Thread.ofPlatform().name("test-observe").start(() -> exit.set(observe.execute(
                "--sensor", "127.0.0.1:" + port, "--token-file", tokenFile.toString(), "--json",
                "--kinds", "profile", "--pid", Long.toString(burning.pid()),
                "--duration", OBSERVE_FOR.toSeconds() + "s")));
        observer.join(OBSERVE_FOR.plusSeconds(30));
        assertThat(observer.isAlive()).as("observe ended at its duration").isFalse();
        assertThat(exit.get()).as("observe exit code; stderr: %s", err).isZero();

        List<JsonObject> profiles = new ArrayList<>();
        for (String line : out.toString().lines().toList()) {
            JsonObject event = JsonParser.parseString(line).getAsJsonObject();
            if (event.has("stacks")) {
                profiles.add(event.getAsJsonObject("stacks"));
            }
        }
        assertThat(profiles).as("profiles in the stream; stderr: %s", err).isNotEmpty();
        assertThat(profiles).allSatisfy(p -> {
            assertThat(p.get("pid").getAsLong()).isEqualTo(burning.pid());
            assertThat(p.get("comm").getAsString()).isEqualTo("nj_burner");
            assertThat(p.get("frequencyHz").getAsInt()).isEqualTo(99);
        });
        List<List<String>> folded = new ArrayList<>();
        for (JsonObject p : profiles) {
            JsonArray stacks = p.getAsJsonArray("stacks");
            for (JsonElement s : stacks) {
                folded.add(Arrays.asList(s.getAsJsonObject().get("folded").getAsString().split(";")));
            }
        }
        assertThat(folded).as("folded stacks ending in the burner's chain, root first").anySatisfy(frames -> {
            int n = frames.size();
            assertThat(n).isGreaterThanOrEqualTo(3);
            for (int i = 0; i < 3; i++) {
                assertThat(burner.isIn(frames.get(n - 3 + i), Burner.CHAIN.get(i)))
                        .as("%s is in %s", frames.get(n - 3 + i), Burner.CHAIN.get(i)).isTrue();
            }
        });
    }
}
