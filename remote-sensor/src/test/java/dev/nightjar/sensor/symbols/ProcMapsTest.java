package dev.nightjar.sensor.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcMapsTest {

    private static final String MAPS = """
            55d0c0a00000-55d0c0a02000 r--p 00000000 fe:00 260386                     /usr/bin/app
            55d0c0a02000-55d0c0a08000 r-xp 00002000 fe:00 260386                     /usr/bin/app
            7f1200000000-7f1200010000 r-xp 00000000 00:00 0 \n\
            7f1300000000-7f1300020000 r-xp 00004000 00:1a 77                         /tmp/old lib.so (deleted)
            7f1400000000-7f1400001000 r-xp 00000000 00:01 99                         /memfd:doublemapper (deleted)
            7f1500000000-7f1500001000 r-xp 00000000 00:00 0                          //anon_hugepage
            7ffd10000000-7ffd10002000 r-xp 00000000 00:00 0                          [vdso]
            ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]
            garbage line
            7f16-7f15 r-xp 00000000 00:00 0
            """;

    @Test
    void keepsExecutableMappingsWithTheirFileOffsetDeviceAndInode() {
        ProcMaps maps = ProcMaps.parse(MAPS);
        List<MappedRegion> regions = maps.regions();
        assertEquals(7, regions.size(), "the r--p line, the garbage and the inverted range are skipped: " + regions);
        MappedRegion app = maps.find(0x55d0c0a03000L);
        assertEquals(new MappedRegion(0x55d0c0a02000L, 0x55d0c0a08000L, 0x2000, 0xfeL << 32, 260386, "/usr/bin/app", false),
                app);
        assertEquals("app", app.label());
        assertEquals(0x3000 - 0x2000 + 0x2000, app.fileOffset(0x55d0c0a03000L));
        assertTrue(app.fileBacked());
    }

    @Test
    void recognisesDeletedAnonymousMemfdAndSpecialMappings() {
        ProcMaps maps = ProcMaps.parse(MAPS);
        MappedRegion deleted = maps.find(0x7f1300000010L);
        assertEquals("/tmp/old lib.so", deleted.path(), "paths may contain spaces");
        assertTrue(deleted.deleted());
        assertEquals("old lib.so", deleted.label());
        assertEquals("7f1300000000-7f1300020000", deleted.mapFilesName());

        MappedRegion anon = maps.find(0x7f1200000000L);
        assertTrue(anon.anonymous() && !anon.fileBacked());
        assertEquals("[anon]", anon.label());
        assertTrue(maps.find(0x7f1500000000L).anonymous(), "//anon_hugepage is anonymous memory");

        MappedRegion memfd = maps.find(0x7f1400000000L);
        assertTrue(memfd.deleted() && memfd.fileBacked(), "memfd code is read through map_files");
        assertEquals("memfd:doublemapper", memfd.label());

        MappedRegion vdso = maps.find(0x7ffd10000100L);
        assertTrue(vdso.special() && !vdso.fileBacked());
        assertEquals("[vdso]", vdso.label());
        assertEquals("[vsyscall]", maps.find(0xffffffffff600010L).label(), "addresses above 2^63 compare unsigned");
    }

    @Test
    void addressesBetweenMappingsAreInNone() {
        ProcMaps maps = ProcMaps.parse(MAPS);
        assertNull(maps.find(0x55d0c0a08000L), "end is exclusive");
        assertNull(maps.find(0x55d0c0a01000L), "not executable");
        assertNull(maps.find(0x10));
    }
}
