package dev.nightjar.sensor.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nightjar.sensor.btf.KernelSymbols;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binary cache stays under its byte bound, counts what it evicts, and names frames all the same. */
class SymbolCacheBoundTest {

    private static final Path PROC = Path.of("/proc");

    @TempDir
    static Path dir;
    private static NativeChild.Binaries binaries;

    @BeforeAll
    static void compile() throws Exception {
        binaries = NativeChild.compile(dir);
    }

    @Test
    void aTinyBoundEvictsLeastRecentlyUsedBinariesAndStillNamesFrames() throws Exception {
        long main = ElfReader.read(binaries.pie()).estimatedBytes();
        long lib = ElfReader.read(binaries.lib()).estimatedBytes();
        long limit = Math.max(main, lib) + Math.min(main, lib) / 2; // either fits, both do not
        try (NativeChild child = new NativeChild(binaries.pie());
             StackSymbolizer symbolizer = StackSymbolizers.onNode(PROC, KernelSymbols.load(PROC), limit)) {
            for (int round = 0; round < 3; round++) {
                assertEquals("nj_main_alpha", symbolizer.userFrames(child.pid(), new long[] {child.address("alpha")}, 1)
                        .get(0).name());
                assertEquals("nj_lib_work", symbolizer.userFrames(child.pid(), new long[] {child.address("lib")}, 1)
                        .get(0).name());
                SymbolizerStats stats = symbolizer.stats();
                assertTrue(stats.cachedSymbolBytes() <= limit, stats + " over the limit " + limit);
                assertEquals(1, stats.cachedBinaries(), "only one of the two fits: " + stats);
            }
            assertEquals(5, symbolizer.stats().evictedBinaries(), "each switch after the first load evicts one");
        }
    }

    @Test
    void aBinaryBiggerThanTheWholeBoundIsUsedButNotKept() throws Exception {
        try (NativeChild child = new NativeChild(binaries.pie());
             StackSymbolizer symbolizer = StackSymbolizers.onNode(PROC, KernelSymbols.load(PROC), 64)) {
            symbolizer.remember(child.pid());
            assertEquals("nj_main_alpha", symbolizer.userFrames(child.pid(), new long[] {child.address("alpha")}, 1)
                    .get(0).name());
            SymbolizerStats stats = symbolizer.stats();
            assertEquals(0, stats.cachedBinaries());
            assertEquals(0, stats.cachedSymbolBytes());
            assertTrue(stats.evictedBinaries() >= 5, "nj_pie, libnjlib, libc, ld.so each refused, then nj_pie: " + stats);
        }
    }

    @Test
    void lruOrderAndByteAccounting() {
        SymbolCache<CachedTable> cache = new SymbolCache<>(1000);
        ElfSymbols a = ElfSymbols.none("a");
        long each = a.estimatedBytes();
        int fits = (int) (1000 / each);
        for (int i = 0; i < fits; i++) {
            cache.put("k" + i, ElfSymbols.none("x"));
        }
        assertEquals(fits * each, cache.bytes());
        assertEquals(0, cache.evictions());
        cache.get("k0"); // k0 becomes most recently used: k1 goes first
        assertSame(a, cache.put("new", a));
        assertNull(cache.get("k1"));
        assertTrue(cache.get("k0") != null);
        assertEquals(1, cache.evictions());
        assertEquals(fits * each, cache.bytes());
        cache.remove("new");
        assertEquals((fits - 1) * each, cache.bytes());
    }
}
