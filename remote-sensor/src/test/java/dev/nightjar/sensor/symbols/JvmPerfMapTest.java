package dev.nightjar.sensor.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nightjar.protocol.v1.FrameKind;
import dev.nightjar.sensor.btf.KernelSymbols;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real JVM's perf map, written by {@code jcmd PID Compiler.perfmap}: the symbolizer names an
 * address of a JIT-compiled method of the child, which lies in anonymous memory (the code cache),
 * from the map under {@code /proc/PID/root/tmp}.
 */
class JvmPerfMapTest {

    private static final Path PROC = Path.of("/proc");

    @Test
    void aJitCompiledMethodIsNamedFromTheJvmsPerfMap() throws Exception {
        Path javaHome = Path.of(System.getProperty("java.home"));
        Process child = new ProcessBuilder(javaHome.resolve("bin/java").toString(), "-XX:+PreserveFramePointer",
                "-cp", System.getProperty("java.class.path"), JitChild.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int pid = (int) child.pid();
        Path perfMap = Path.of("/tmp/perf-" + pid + ".map");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", out.readLine());
            NativeChild.run(javaHome, javaHome.resolve("bin/jcmd").toString(), Integer.toString(pid), "Compiler.perfmap");
            assertTrue(Files.exists(perfMap), "jcmd wrote " + perfMap);
            String entry = Files.readAllLines(perfMap).stream().filter(l -> l.contains("JitChild::njHotMethod")
                    || l.contains("JitChild.njHotMethod")).findFirst().orElse(null);
            assertNotNull(entry, "the hot method was compiled and listed in " + perfMap);
            String[] f = entry.split(" ", 3);
            long start = Long.parseUnsignedLong(f[0].replaceFirst("^0x", ""), 16);
            MappedRegion region = ProcMaps.read(PROC, pid).orElseThrow().find(start);
            assertTrue(region != null && region.anonymous(), "JIT code is in the anonymous code cache: " + region);
            try (StackSymbolizer symbolizer = StackSymbolizers.onNode(PROC, KernelSymbols.load(PROC))) {
                symbolizer.remember(pid);
                List<SymbolizedFrame> frames = symbolizer.userFrames(pid, new long[] {start + 1}, 1);
                assertEquals(new SymbolizedFrame(f[2], FrameKind.FRAME_KIND_JIT), frames.get(0));
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(perfMap);
        }
    }
}
