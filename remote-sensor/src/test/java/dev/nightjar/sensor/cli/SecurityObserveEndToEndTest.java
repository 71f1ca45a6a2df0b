package dev.nightjar.sensor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.sensor.lab.KernelTestSupport;
import dev.nightjar.sensor.security.SecurityPod;
import dev.nightjar.testing.KernelTest;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Security events through the whole sensor: {@code serve} with its shipped collectors, and
 * {@code observe --kinds security --policy FILE} over a real loopback socket printing the lab
 * pod's open of a kernel tunable as a readable line with its kernel stack.
 */
@KernelTest
class SecurityObserveEndToEndTest {

    private static final Duration OBSERVE_FOR = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private RunningServe serve;
    private SecurityPod pod;

    @BeforeEach
    void start() {
        KernelTestSupport.requireBpf();
    }

    @AfterEach
    void stop() {
        if (serve != null) {
            serve.close();
        }
        if (pod != null) {
            pod.close();
        }
    }

    @Test
    void observeWithAPolicyFilePrintsThePodsOpenOfAKernelTunable() throws Exception {
        pod = SecurityPod.create();
        Path tokenFile = ObserveRun.tokenFile(dir, "security-token");
        Path policy = dir.resolve("seed.yaml");
        try (InputStream in = getClass().getResourceAsStream("/security/seed-policy.yaml")) {
            Files.write(policy, in.readAllBytes());
        }
        serve = ObserveRun.serve(tokenFile, "lab-node");
        int port = serve.awaitPort(Duration.ofSeconds(30));

        ObserveRun observe = ObserveRun.start(port, tokenFile, OBSERVE_FOR, "--utc",
                "--kinds", "security", "--policy", policy.toString());
        // Opens until the stream has surely started (the first SensorInfo line); bounded.
        List<Long> pids = new ArrayList<>();
        for (int i = 0; i < 8 && observe.running(); i++) {
            Thread.sleep(500);
            pids.add(pod.run(List.of("cat", "/proc/sys/kernel/hostname")).pid());
        }
        List<String> lines = observe.awaitSuccess(OBSERVE_FOR.plusSeconds(30));
        assertThat(lines).as("stderr: %s", observe.err()).anySatisfy(line -> assertThat(line)
                .contains(" lab-node SECURITY warning sensitive-kernel-files file_open /proc/sys/kernel/hostname pid=")
                .contains("(cat)").contains(" bin=/usr/bin/cat").containsPattern("pid=(" + join(pids) + ") "));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains(" lab-node KSTACK ").contains("do_syscall_64"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains(" INFO sensor ").contains("security=on"));
    }

    @Test
    void aPolicyOutsideTheSubsetIsRefusedBeforeConnecting() throws Exception {
        Path tokenFile = ObserveRun.tokenFile(dir, "security-token");
        Path policy = dir.resolve("kill.yaml");
        try (InputStream in = getClass().getResourceAsStream("/security/seed-policy.yaml")) {
            Files.writeString(policy, new String(in.readAllBytes()).replace("action: Post", "action: Sigkill"));
        }
        StringWriter err = new StringWriter();
        CommandLine observe = new CommandLine(new ObserveCommand());
        observe.setErr(new PrintWriter(err, true));
        int code = observe.execute("--sensor", "127.0.0.1:1", "--token-file", tokenFile.toString(),
                "--kinds", "security", "--policy", policy.toString());
        assertThat(code).isEqualTo(CliFailure.USAGE);
        assertThat(err.toString()).contains("kill.yaml refused: line 26, spec.kprobes[0].selectors[0].matchActions[0]"
                + ".action: action 'Sigkill' is not in the subset");
    }

    private static String join(List<Long> pids) {
        return String.join("|", pids.stream().map(String::valueOf).toList());
    }
}
