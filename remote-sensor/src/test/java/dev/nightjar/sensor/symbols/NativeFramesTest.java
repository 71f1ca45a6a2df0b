package dev.nightjar.sensor.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nightjar.protocol.v1.FrameKind;
import dev.nightjar.sensor.btf.KernelSymbols;
import dev.nightjar.testing.KernelTest;
import dev.nightjar.testing.Requires;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes, real /proc: functions of PIE and non-PIE executables and of shared libraries named. */
class NativeFramesTest {

    private static final Path PROC = Path.of("/proc");

    @TempDir
    static Path dir;
    private static NativeChild.Binaries binaries;
    private StackSymbolizer symbolizer;

    @BeforeAll
    static void compile() throws Exception {
        binaries = NativeChild.compile(dir);
    }

    @BeforeEach
    void open() {
        symbolizer = StackSymbolizers.onNode(PROC, KernelSymbols.load(PROC));
    }

    @AfterEach
    void close() {
        symbolizer.close();
    }

    private SymbolizedFrame frame(int pid, long address) {
        List<SymbolizedFrame> frames = symbolizer.userFrames(pid, new long[] {address}, 1);
        assertEquals(1, frames.size());
        return frames.get(0);
    }

    private static SymbolizedFrame nativeFrame(String name) {
        return new SymbolizedFrame(name, FrameKind.FRAME_KIND_NATIVE);
    }

    @Test
    void namesFunctionsOfPieExecutableAndItsLibrary() throws Exception {
        try (NativeChild child = new NativeChild(binaries.pie())) {
            assertEquals(nativeFrame("nj_main_alpha"), frame(child.pid(), child.address("alpha")));
            assertEquals(nativeFrame("nj_main_beta"), frame(child.pid(), child.address("beta")));
            assertEquals(nativeFrame("nj_lib_work"), frame(child.pid(), child.address("lib")));
        }
    }

    @Test
    void namesFunctionsOfNonPieExecutable() throws Exception {
        try (NativeChild child = new NativeChild(binaries.noPie())) {
            assertTrue(child.address("alpha") < 0x1000_0000L, "a non-PIE executable loads at its link address");
            assertEquals(nativeFrame("nj_main_alpha"), frame(child.pid(), child.address("alpha")));
            assertEquals(nativeFrame("nj_main_beta"), frame(child.pid(), child.address("beta")));
            assertEquals(nativeFrame("nj_lib_work"), frame(child.pid(), child.address("lib")));
        }
    }

    @Test
    void anAddressInsideAFunctionNamesIt() throws Exception {
        Map<String, Long> mainSizes = NativeChild.sizes(binaries.pie());
        Map<String, Long> libSizes = NativeChild.sizes(binaries.lib());
        try (NativeChild child = new NativeChild(binaries.pie())) {
            long alphaSize = mainSizes.get("nj_main_alpha");
            long libSize = libSizes.get("nj_lib_work");
            assertTrue(alphaSize > 4 && libSize > 4, "the test functions have bodies");
            assertEquals(nativeFrame("nj_main_alpha"), frame(child.pid(), child.address("alpha") + alphaSize / 2));
            assertEquals(nativeFrame("nj_main_alpha"), frame(child.pid(), child.address("alpha") + alphaSize - 1));
            assertEquals(nativeFrame("nj_lib_work"), frame(child.pid(), child.address("lib") + libSize / 2));
        }
    }

    @Test
    void callersAreLookedUpAtTheirCallInstruction() throws Exception {
        Map<String, Long> sizes = NativeChild.sizes(binaries.pie());
        try (NativeChild child = new NativeChild(binaries.pie())) {
            // A return address right after alpha's last byte is a call at alpha's end, not the next function.
            long afterAlpha = child.address("alpha") + sizes.get("nj_main_alpha");
            List<SymbolizedFrame> frames = symbolizer.userFrames(child.pid(),
                    new long[] {child.address("beta"), afterAlpha}, 2);
            assertEquals(List.of(nativeFrame("nj_main_beta"), nativeFrame("nj_main_alpha")), frames);
        }
    }

    @Test
    void pastTheLastSymbolIsModulePlusFileOffset() throws Exception {
        try (NativeChild child = new NativeChild(binaries.pie())) {
            MappedRegion text = child.executableRegion("/nj_pie");
            long address = text.end() - 1; // page padding after .fini: inside the mapping, past every symbol
            long offset = address - text.start() + text.offset();
            assertEquals(new SymbolizedFrame("nj_pie+0x" + Long.toHexString(offset), FrameKind.FRAME_KIND_UNKNOWN),
                    frame(child.pid(), address));
        }
    }

    @Test
    void outsideEveryMappingIsUnknown() throws Exception {
        try (NativeChild child = new NativeChild(binaries.pie())) {
            assertEquals(new SymbolizedFrame("[unknown]", FrameKind.FRAME_KIND_UNKNOWN), frame(child.pid(), 0x10L));
        }
    }

    @Test
    void neverDropsAFrame() throws Exception {
        try (NativeChild child = new NativeChild(binaries.pie())) {
            long[] stack = {child.address("alpha"), 0x10L, child.address("lib") + 1, 0x20L, 0};
            List<SymbolizedFrame> frames = symbolizer.userFrames(child.pid(), stack, 4);
            assertEquals(4, frames.size());
            assertEquals("nj_main_alpha", frames.get(0).name());
            assertEquals("[unknown]", frames.get(1).name());
            assertEquals("nj_lib_work", frames.get(2).name());
            assertEquals("[unknown]", frames.get(3).name());
        }
    }

    @Test
    void aLibraryDlopenedAfterRememberIsFoundByRereadingTheMaps() throws Exception {
        try (NativeChild child = new NativeChild(binaries.pie())) {
            symbolizer.remember(child.pid());
            long plugin = child.dlopen(binaries.plugin());
            assertEquals(nativeFrame("nj_plugin_work"), frame(child.pid(), plugin));
        }
    }

    @Test
    void framesOfAProcessThatExitedAfterRememberAreStillNamed() throws Exception {
        try (NativeChild child = new NativeChild(binaries.pie())) {
            int pid = child.pid();
            long alpha = child.address("alpha");
            long lib = child.address("lib");
            symbolizer.remember(pid);
            child.exit();
            assertTrue(Files.notExists(PROC.resolve(pid + "/maps")), "the child is gone");
            assertEquals(nativeFrame("nj_main_alpha"), frame(pid, alpha));
            assertEquals(nativeFrame("nj_lib_work"), frame(pid, lib));
        }
    }

    @Test
    void forgetReleasesTheProcess() throws Exception {
        try (NativeChild child = new NativeChild(binaries.pie())) {
            int pid = child.pid();
            long alpha = child.address("alpha");
            symbolizer.remember(pid);
            child.exit();
            symbolizer.forget(pid);
            assertEquals("[unknown]", frame(pid, alpha).name(), "without its maps a gone process's frames are unknown");
        }
    }

    @KernelTest
    @Test
    void aDeletedExecutableIsReadThroughMapFiles() throws Exception {
        Requires.root("read /proc/PID/map_files (CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE)");
        Path copy = binaries.dir().resolve("nj_deleted");
        Files.copy(binaries.pie(), copy, StandardCopyOption.REPLACE_EXISTING);
        try (NativeChild child = new NativeChild(copy)) {
            Files.delete(copy);
            MappedRegion text = child.executableRegion("/nj_deleted");
            assertTrue(text.deleted(), "maps marks the file (deleted): " + text);
            assertEquals(nativeFrame("nj_main_alpha"), frame(child.pid(), child.address("alpha")));
        }
    }

    @Test
    void countsNamedAndUnnamedFrames() throws Exception {
        try (NativeChild child = new NativeChild(binaries.pie())) {
            symbolizer.userFrames(child.pid(), new long[] {child.address("alpha"), 0x10L}, 2);
            SymbolizerStats stats = symbolizer.stats();
            assertEquals(1, stats.framesNamed());
            assertEquals(1, stats.framesUnnamed());
            assertEquals(1, stats.cachedBinaries(), "a lookup loads only the binary it needs: " + stats);
            symbolizer.remember(child.pid());
            assertTrue(symbolizer.stats().cachedBinaries() >= 4, "remember loads every executable mapping"
                    + " (nj_pie, libnjlib, libc, ld.so): " + symbolizer.stats());
        }
    }

    @Test
    void wildAddressesRereadTheMapsAtMostOncePerSecond() throws Exception {
        try (NativeChild child = new NativeChild(binaries.pie())) {
            symbolizer.remember(child.pid());
            long wild = 0x1234_5678_9000L; // user range, mapped by nothing: what a broken frame-pointer walk yields
            for (int i = 0; i < 200; i++) {
                assertEquals("[unknown]", frame(child.pid(), wild + i).name());
            }
            long rereads = ((OnNodeSymbolizer) symbolizer).mapsRereads();
            assertTrue(rereads >= 1 && rereads <= 3, "200 stacks within moments re-read the maps " + rereads + " times");
        }
    }
}
