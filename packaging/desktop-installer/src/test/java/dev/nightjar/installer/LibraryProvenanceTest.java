package dev.nightjar.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LibraryProvenanceTest {

    private static final String MAPS = String.join("\n",
            "55d0c0a00000-55d0c0a01000 r--p 00000000 fd:01 1234  /opt/nightjar/bin/Nightjar",
            "7f0000000000-7f0000001000 r-xp 00000000 fd:01 2345  /usr/lib/x86_64-linux-gnu/libgtk-3.so.0.2406.32",
            "7f0000001000-7f0000002000 r--p 00001000 fd:01 2345  /usr/lib/x86_64-linux-gnu/libgtk-3.so.0.2406.32",
            "7f0000002000-7f0000003000 r-xp 00000000 fd:01 3456  /usr/lib/x86_64-linux-gnu/libc.so.6",
            "7f0000003000-7f0000004000 r-xp 00000000 fd:01 4567  /root/.openjfx/cache/25.0.2/amd64/libglassgtk3.so",
            "7f0000004000-7f0000005000 r-xp 00000000 00:20 5678  /tmp/libio_grpc_netty_shaded_netty_transport_native_epoll_x86_64123.so (deleted)",
            "7f0000005000-7f0000006000 r--s 00000000 fd:01 6789  /var/cache/fontconfig/abc-le64.cache-8",
            "7f0000006000-7f0000007000 r-xp 00000000 fd:01 7890  /opt/nightjar/lib/runtime/lib/libjava.so",
            "7f0000007000-7f0000008000 r-xp 00000000 fd:01 8901  /usr/lib/x86_64-linux-gnu/libxml2.so.2.9.14",
            "7ffc00000000-7ffc00021000 rw-p 00000000 00:00 0     [stack]",
            "");

    private static final String DPKG_S = String.join("\n",
            "libgtk-3-0:amd64: /usr/lib/x86_64-linux-gnu/libgtk-3.so.0.2406.32",
            "libc6:amd64: /lib/x86_64-linux-gnu/libc.so.6",
            "nightjar: /opt/nightjar/lib/runtime/lib/libjava.so",
            "libxml2:amd64, libxml2-extra: /usr/lib/x86_64-linux-gnu/libxml2.so.2.9.14",
            "diversion by foo from: /usr/lib/x86_64-linux-gnu/libc.so.6",
            "");

    @Test
    void onlyNamedSharedObjectsCountAndDeletedOnesKeepTheirPath() {
        assertThat(MappedLibraries.in(MAPS)).containsExactly(
                "/opt/nightjar/lib/runtime/lib/libjava.so",
                "/root/.openjfx/cache/25.0.2/amd64/libglassgtk3.so",
                "/tmp/libio_grpc_netty_shaded_netty_transport_native_epoll_x86_64123.so",
                "/usr/lib/x86_64-linux-gnu/libc.so.6",
                "/usr/lib/x86_64-linux-gnu/libgtk-3.so.0.2406.32",
                "/usr/lib/x86_64-linux-gnu/libxml2.so.2.9.14");
    }

    @Test
    void ownersAreReadWithoutArchitectureAndDiversionsAreSkipped() {
        Map<String, Set<String>> owners = LibraryProvenance.owners(DPKG_S);
        assertThat(owners.get("/lib/x86_64-linux-gnu/libc.so.6")).containsExactly("libc6");
        assertThat(owners.get("/usr/lib/x86_64-linux-gnu/libxml2.so.2.9.14")).containsExactly("libxml2", "libxml2-extra");
        assertThat(owners).doesNotContainKey("/usr/lib/x86_64-linux-gnu/libc.so.6");
    }

    @Test
    void aLibraryFromAPackageOutsideTheDeclaredClosureIsNamedWithItsPackage() {
        List<String> problems = LibraryProvenance.problems(MappedLibraries.in(MAPS), LibraryProvenance.owners(DPKG_S),
                Set.of("nightjar", "libgtk-3-0", "libc6"), List.of("/root/.openjfx/", "/tmp/"));

        assertThat(problems).singleElement().asString()
                .startsWith("/usr/lib/x86_64-linux-gnu/libxml2.so.2.9.14 comes from libxml2, libxml2-extra");
    }

    @Test
    void anUnownedLibraryOutsideTheUnpackDirectoriesIsAProblemAndMergedUsrPathsAreFound() {
        List<String> problems = LibraryProvenance.problems(
                Set.of("/usr/local/lib/libhand.so.1", "/usr/lib/x86_64-linux-gnu/libc.so.6"),
                LibraryProvenance.owners(DPKG_S), Set.of("libc6"), List.of("/tmp/"));

        assertThat(problems).singleElement().asString().startsWith("/usr/local/lib/libhand.so.1 is mapped, but no package owns it");
        assertThat(LibraryProvenance.aliases("/lib/x86_64-linux-gnu/libc.so.6"))
                .containsExactly("/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libc.so.6");
    }
}
