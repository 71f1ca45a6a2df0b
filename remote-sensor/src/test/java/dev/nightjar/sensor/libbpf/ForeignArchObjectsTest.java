package dev.nightjar.sensor.libbpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.sensor.bpf.BpfArch;
import dev.nightjar.sensor.bpf.EmbeddedBpfObjects;
import dev.nightjar.sensor.bpf.EmbeddedObjectNames;
import dev.nightjar.testing.Requires;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The arm64 objects cannot be loaded into this x86_64 kernel, so this is as far as
 * they are tested here: libbpf opens each one (ELF, its .BTF and .BTF.ext; the maps
 * in .maps are described by BTF only, so finding them means the BTF was read) and
 * finds the same programs and the same maps, with the same key and value sizes, as
 * in the x86_64 build that the kernel tests load and run.
 */
class ForeignArchObjectsTest {

    @Test
    void libbpfOpensEveryArm64ObjectWithTheProgramsAndMapsOfTheX86Build() {
        LibBpf lib = libbpf();
        List<String> names = EmbeddedObjectNames.of(BpfArch.X86_64);
        assertThat(names).isNotEmpty();
        for (String name : names) {
            try (BpfObject x86 = BpfObject.open(lib, name, EmbeddedBpfObjects.read(BpfArch.X86_64, name));
                 BpfObject arm64 = BpfObject.open(lib, name, EmbeddedBpfObjects.read(BpfArch.AARCH64, name))) {
                assertThat(arm64.programNames()).as("%s programs", name).isNotEmpty()
                        .isEqualTo(x86.programNames());
                assertThat(arm64.mapNames()).as("%s maps", name).isNotEmpty().isEqualTo(x86.mapNames());
                for (String map : x86.mapNames()) {
                    BpfMap a = arm64.map(map);
                    BpfMap x = x86.map(map);
                    assertThat(List.of(a.type(), a.keySize(), a.valueSize(), a.maxEntries()))
                            .as("%s map %s: type, key size, value size, max entries", name, map)
                            .isEqualTo(List.of(x.type(), x.keySize(), x.valueSize(), x.maxEntries()));
                }
            }
        }
    }

    /** Opening needs only the library (no root, no kernel BTF): it is not loaded. */
    private static LibBpf libbpf() {
        try {
            return LibBpf.system();
        } catch (BpfException e) {
            return Requires.unavailable(e.getMessage());
        }
    }
}
