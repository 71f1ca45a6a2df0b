package dev.nightjar.sensor.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nightjar.protocol.v1.FrameKind;
import dev.nightjar.sensor.btf.KernelSymbols;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JIT frames through a synthetic proc root: a process in its own pid namespace (host pid 4242,
 * pid 7 inside) with an anonymous executable mapping and its perf map under its own root.
 */
class PerfMapFramesTest {

    private static final int HOST_PID = 4242;
    private static final int NS_PID = 7;
    private static final long JIT_BASE = 0x7f00_0000_0000L;

    @TempDir
    Path base;
    private Path procRoot;
    private Path perfMap;
    private StackSymbolizer symbolizer;

    @BeforeEach
    void setUp() throws IOException {
        procRoot = Files.createDirectories(base.resolve("proc"));
        Path pidDir = Files.createDirectories(procRoot.resolve(Integer.toString(HOST_PID)));
        Files.writeString(pidDir.resolve("maps"), """
                559a00000000-559a00001000 r--p 00000000 fe:00 1234                       /usr/bin/node
                7f0000000000-7f0000100000 r-xp 00000000 00:00 0 \n\
                7f0000100000-7f0000200000 rw-p 00000000 00:00 0 \n\
                7ffd00000000-7ffd00002000 r-xp 00000000 00:00 0                          [vdso]
                """);
        Files.writeString(pidDir.resolve("status"), "Name:\tnode\nTgid:\t4242\nNSpid:\t4242\t7\n");
        writeStat(pidDir, 1000);
        Path tmp = Files.createDirectories(pidDir.resolve("root/tmp"));
        perfMap = tmp.resolve("perf-" + NS_PID + ".map");
        Files.writeString(perfMap, """
                7f0000001000 100 LazyCompile:*hotLoop /app/server.js:12
                0x7f0000002000 0x80 JS:~coldPath /app/server.js:40
                7f0000003000 40 py::handle_request:/app/app.py
                """);
        // What a perf map under the host pid would say: the sensor must not read it.
        Files.writeString(tmp.resolve("perf-" + HOST_PID + ".map"), "7f0000001000 100 WRONG_host_pid_map\n");
        symbolizer = StackSymbolizers.onNode(procRoot, KernelSymbols.load(procRoot));
    }

    @AfterEach
    void tearDown() {
        symbolizer.close();
    }

    private static void writeStat(Path pidDir, long startTicks) throws IOException {
        Files.writeString(pidDir.resolve("stat"), HOST_PID + " (node) S 1 " + HOST_PID + " " + HOST_PID
                + " 0 -1 4194560 0 0 0 0 5 5 0 0 20 0 1 0 " + startTicks + " 1000 100 0\n");
    }

    private SymbolizedFrame frame(long address) {
        return symbolizer.userFrames(HOST_PID, new long[] {address}, 1).get(0);
    }

    @Test
    void jitFramesAreNamedFromThePerfMapOfTheNamespacePid() {
        assertEquals(new SymbolizedFrame("LazyCompile:*hotLoop /app/server.js:12", FrameKind.FRAME_KIND_JIT),
                frame(JIT_BASE + 0x1000 + 0x80));
    }

    @Test
    void unoptimizedV8AndPythonTrampolinesAreInterpreted() {
        assertEquals(new SymbolizedFrame("JS:~coldPath /app/server.js:40", FrameKind.FRAME_KIND_INTERPRETED),
                frame(JIT_BASE + 0x2010));
        assertEquals(new SymbolizedFrame("py::handle_request:/app/app.py", FrameKind.FRAME_KIND_INTERPRETED),
                frame(JIT_BASE + 0x3000));
    }

    @Test
    void anonymousCodeOutsideThePerfMapIsAnonPlusOffset() {
        assertEquals(new SymbolizedFrame("[anon]+0x1100", FrameKind.FRAME_KIND_UNKNOWN), frame(JIT_BASE + 0x1100));
        assertEquals(new SymbolizedFrame("[vdso]+0x10", FrameKind.FRAME_KIND_UNKNOWN), frame(0x7ffd_0000_0010L));
    }

    @Test
    void entriesAppendedLaterAreFoundByRereadingTheGrownFile() throws IOException {
        assertEquals("LazyCompile:*hotLoop /app/server.js:12", frame(JIT_BASE + 0x1000).name());
        assertEquals("[anon]+0x5000", frame(JIT_BASE + 0x5000).name());
        Files.writeString(perfMap, "7f0000005000 20 LazyCompile:*justCompiled /app/server.js:77\n",
                StandardOpenOption.APPEND);
        assertEquals(new SymbolizedFrame("LazyCompile:*justCompiled /app/server.js:77", FrameKind.FRAME_KIND_JIT),
                frame(JIT_BASE + 0x5004));
    }

    @Test
    void withoutAnNspidLineTheHostPidNamesThePerfMap() throws IOException {
        Path pidDir = procRoot.resolve(Integer.toString(HOST_PID));
        Files.writeString(pidDir.resolve("status"), "Name:\tnode\n");
        assertEquals("WRONG_host_pid_map", frame(JIT_BASE + 0x1000).name());
    }

    @Test
    void jitNamesOutliveTheProcessOnceRemembered() throws IOException {
        symbolizer.remember(HOST_PID);
        try (var files = Files.walk(procRoot.resolve(Integer.toString(HOST_PID)))) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        List<SymbolizedFrame> frames = symbolizer.userFrames(HOST_PID, new long[] {JIT_BASE + 0x1000, JIT_BASE + 0x2001}, 2);
        assertEquals(List.of("LazyCompile:*hotLoop /app/server.js:12", "JS:~coldPath /app/server.js:40"),
                frames.stream().map(SymbolizedFrame::name).toList());
    }

    @Test
    void aReusedPidIsReadAfreshOnRemember() throws IOException {
        symbolizer.remember(HOST_PID);
        assertEquals("LazyCompile:*hotLoop /app/server.js:12", frame(JIT_BASE + 0x1000).name());
        // The process exits unseen and a new one gets its pid: other start time, other code at that address.
        Path pidDir = procRoot.resolve(Integer.toString(HOST_PID));
        writeStat(pidDir, 2000);
        Files.writeString(perfMap, "7f0000001000 100 JS:*newProcessFunction /srv/other.js:1\n");
        symbolizer.remember(HOST_PID);
        assertEquals("JS:*newProcessFunction /srv/other.js:1", frame(JIT_BASE + 0x1000).name());
    }
}
