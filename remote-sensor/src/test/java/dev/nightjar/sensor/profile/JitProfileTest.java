package dev.nightjar.sensor.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.FrameKind;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.StackSamples;
import dev.nightjar.sensor.collect.KernelCollectorsConfig;
import dev.nightjar.sensor.lab.Commands;
import dev.nightjar.sensor.lab.KernelTestSupport;
import dev.nightjar.sensor.lab.RecordingSink;
import dev.nightjar.sensor.libbpf.LibBpf;
import dev.nightjar.testing.KernelTest;
import dev.nightjar.testing.Requires;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JDK 25 program whose hot method is JIT-compiled: once the JVM has written its perf map
 * ({@code jcmd PID Compiler.perfmap} → /tmp/perf-PID.map), the method's name appears in
 * the profile as a JIT frame. Needs the full symbolizer (perf maps), which the symbols
 * branch brings; the kallsyms-only fallback leaves user frames unnamed.
 */
@KernelTest
class JitProfileTest {

    private static final String HOT_METHOD = "njHotSpinKernel";

    @TempDir
    Path dir;

    @Test
    void aJitCompiledMethodIsNamedFromThePerfMap() throws Exception {
        LibBpf lib = KernelTestSupport.requireBpf();
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path java = javaHome.resolve("bin/java");
        Path jcmd = javaHome.resolve("bin/jcmd");
        if (!Files.isExecutable(jcmd)) {
            Requires.unavailable("the JIT test needs jcmd in " + javaHome + " (a full JDK 25)");
        }
        Path source = dir.resolve("NjHotLoop.java");
        try (InputStream in = JitProfileTest.class.getResourceAsStream("/profile/NjHotLoop.java")) {
            Files.copy(in, source);
        }
        RecordingSink sink = new RecordingSink(100_000);
        Process program = null;
        try (ProfileCollector collector = new ProfileCollector(KernelCollectorsConfig.defaults()
                .withFlushInterval(Duration.ofSeconds(1)), () -> lib, ProfileSymbolizers::create)) {
            collector.start(sink);
            assertThat(collector.state().getRunning()).as(collector.state().getReason()).isTrue();
            program = new ProcessBuilder(java.toString(), "-XX:+PreserveFramePointer",
                    source.toString(), "12").redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(program.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("burning");
            long pid = program.pid();
            Thread.sleep(3_000); // warm-up: the hot method gets compiled by C1, then C2
            Commands.run(List.of(jcmd.toString(), Long.toString(pid), "Compiler.perfmap"));
            Path perfMap = Path.of("/tmp/perf-" + pid + ".map");
            assertThat(Files.readString(perfMap)).as("the JVM's perf map").contains(HOT_METHOD);

            collector.applyFilter(Filter.newBuilder().addPids((int) pid).build());
            collector.applyKinds(Set.of(EventKind.EVENT_KIND_PROFILE));
            Thread.sleep(4_000);
            assertThat(collector.flushNow(Duration.ofSeconds(10))).isTrue();

            List<StackSamples> profiles = sink.matching(e -> e.hasStacks() && e.getStacks().getPid() == pid).stream()
                    .map(SensorEvent::getStacks).toList();
            assertThat(profiles).as("profiles of the JVM").isNotEmpty();
            assertThat(profiles.stream().flatMap(p -> p.getFramesList().stream()))
                    .as("frames of the JVM's profile")
                    .anySatisfy(f -> {
                        assertThat(f.getName()).contains(HOT_METHOD);
                        assertThat(f.getKind()).isEqualTo(FrameKind.FRAME_KIND_JIT);
                    });
        } finally {
            if (program != null) {
                Files.deleteIfExists(Path.of("/tmp/perf-" + program.pid() + ".map"));
                Burner.stop(program);
            }
        }
    }
}
