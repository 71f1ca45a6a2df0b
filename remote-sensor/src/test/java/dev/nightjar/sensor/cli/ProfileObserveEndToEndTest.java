package dev.nightjar.sensor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nightjar.sensor.lab.KernelTestSupport;
import dev.nightjar.sensor.profile.Burner;
import dev.nightjar.testing.KernelTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        Path tokenFile = ObserveRun.tokenFile(dir, "profile-token");
        serve = ObserveRun.serve(tokenFile, "lab-node");
        int port = serve.awaitPort(Duration.ofSeconds(30));
        burning = burner.start(OBSERVE_FOR.toSeconds() + 4);

        ObserveRun observe = ObserveRun.start(port, tokenFile, OBSERVE_FOR, "--json",
                "--kinds", "profile", "--pid", Long.toString(burning.pid()));
        List<String> lines = observe.awaitSuccess(OBSERVE_FOR.plusSeconds(30));

        List<JsonObject> profiles = new ArrayList<>();
        for (String line : lines) {
            JsonObject event = JsonParser.parseString(line).getAsJsonObject();
            if (event.has("stacks")) {
                profiles.add(event.getAsJsonObject("stacks"));
            }
        }
        assertThat(profiles).as("profiles in the stream; stderr: %s", observe.err()).isNotEmpty();
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
