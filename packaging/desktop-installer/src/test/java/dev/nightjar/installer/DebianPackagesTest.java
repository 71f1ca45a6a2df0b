package dev.nightjar.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DebianPackagesTest {

    // dpkg-query -W -f QUERY_FORMAT, trimmed to the parts under test.
    private static final String STATUS = String.join("\n",
            "nightjar\tii \t\t\t\tlibgtk-3-0, xdg-utils, libc6 (>= 2.34)",
            "libgtk-3-0\tii \t\t\t\tlibglib2.0-0:any (>= 2.57), fontconfig-config | fonts-anything",
            "libglib2.0-0\tii \t\t\tlibc6\tlibffi8",
            "libffi8\tii \t\t\t\t",
            "fontconfig-config\tii \t\t\tdebconf (>= 1.0) | debconf-2.0\tfonts-dejavu-core | ttf-bitstream-vera",
            "fonts-dejavu-core\tii \t\t\t\t",
            "cdebconf\tii \t\tdebconf-2.0\t\t",
            "xdg-utils\tii \t\t\t\t",
            "libc6\tii \t\t\t\tlibgcc-s1",
            "libgcc-s1\tii \t\t\t\tlibc6",
            "dpkg\tii \tyes\t\t\ttar",
            "tar\tii \tyes\t\t\t",
            "libxml2\tii \t\t\t\tlibc6",
            "half-gone\trc \t\t\t\t",
            "");

    private final DebianPackages packages = DebianPackages.parse(STATUS);

    @Test
    void theClosureFollowsDependsPreDependsAlternativesAndVirtualPackages() {
        assertThat(packages.closure(Set.of("nightjar"))).containsExactlyInAnyOrder(
                "nightjar", "libgtk-3-0", "xdg-utils", "libc6", "libgcc-s1", "libglib2.0-0", "libffi8",
                "fontconfig-config", "fonts-dejavu-core", "cdebconf");
    }

    @Test
    void packagesNothingDeclaredStayOutside() {
        assertThat(packages.closure(Set.of("nightjar"))).doesNotContain("libxml2", "dpkg", "tar");
    }

    @Test
    void essentialPackagesAreThoseMarkedSoAndOnlyFullyInstalledOnesCount() {
        assertThat(packages.essential()).containsExactlyInAnyOrder("dpkg", "tar");
        assertThat(packages.isInstalled("half-gone")).isFalse();
        assertThat(packages.isInstalled("libxml2")).isTrue();
    }

    @Test
    void relationsDropVersionsAndArchitectureQualifiers() {
        assertThat(DebianPackages.relations("a (>= 1.2), b:any | c [amd64], d"))
                .isEqualTo(List.of(List.of("a"), List.of("b", "c"), List.of("d")));
        assertThat(DebianPackages.relations(" ")).isEmpty();
    }
}
