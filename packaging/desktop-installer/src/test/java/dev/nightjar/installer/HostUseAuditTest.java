package dev.nightjar.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostUseAuditTest {

    @TempDir
    Path dir;

    private Path gcc;
    private Path libbpf;
    private Path tar;
    private Path ownedByNobody;
    private Path localeAlias;
    private DpkgFiles files;

    // dpkg-query -W -f QUERY_FORMAT: a listed package, what it depends on, a base package, a hand-installed one.
    private final DebianPackages installed = DebianPackages.parse(String.join("\n",
            "libbpf-dev\tii \t\t\t\tlibbpf1",
            "libbpf1\tii \t\t\t\t\toptional",
            "tar\tii \t\t\t\t\trequired",
            "gcc-12\tii \t\t\t\t\toptional", ""));

    @BeforeEach
    void aHost() throws IOException {
        gcc = Files.writeString(dir.resolve("x86_64-linux-gnu-gcc-12"), "elf");
        libbpf = Files.writeString(dir.resolve("libbpf.so.1"), "elf");
        localeAlias = Files.writeString(dir.resolve("locale.alias"), "C.UTF-8");
        tar = Files.writeString(dir.resolve("tar"), "elf");
        ownedByNobody = Files.writeString(dir.resolve("nightjar-sensor.jar"), "jar");
        Path info = Files.createDirectories(dir.resolve("info"));
        Files.writeString(info.resolve("gcc-12.list"), "/.\n" + gcc + "\n" + localeAlias + "\n");
        Files.writeString(info.resolve("libbpf1:amd64.list"), libbpf + "\n");
        Files.writeString(info.resolve("tar.list"), tar + "\n");
        files = DpkgFiles.read(info);
    }

    private List<String> audit(String... strace) {
        return HostUseAudit.audit(StraceLog.parse(List.of(strace)), Set.of("libbpf-dev"), installed, files);
    }

    @Test
    void aProgramFromAPackageNobodyListedIsReportedWithTheTestThatRanIt() {
        List<String> report = audit(
                "100 execve(\"/usr/bin/java\", [\"java\", \"-jar\", \"/w/remote-sensor/target/surefire/booter.jar\"], 0x1 /* 3 vars */) = 0",
                "100 clone3({flags=CLONE_VM|CLONE_VFORK, exit_signal=SIGCHLD, stack=0x7f}, 88 <unfinished ...>",
                "100 <... clone3 resumed> => {parent_tid=[0]}, 88) = 101",
                "101 execve(\"" + gcc + "\", [\"cc\", \"-O1\", \"-o\", \"/tmp/a\", \"/tmp/a.c\"], 0x2 /* 3 vars */) = 0");

        assertThat(report).singleElement().asString()
                .startsWith("gcc-12: " + gcc + " executed by 'cc -O1 -o /tmp/a /tmp/a.c'")
                .endsWith("under /w/remote-sensor");
    }

    @Test
    void aVforkChildThatExecutesBeforeItsParentReturnsIsStillTracedToItsTest() {
        List<String> report = audit(
                "100 execve(\"/usr/bin/java\", [\"java\", \"-jar\", \"/w/desktop-app/target/surefire/booter.jar\"], 0x1 /* 3 vars */) = 0",
                "100 vfork( <unfinished ...>",
                "102 execve(\"" + gcc + "\", [\"gcc\", \"-c\"], 0x2 /* 3 vars */ <unfinished ...>",
                "100 <... vfork resumed>)              = 102",
                "102 <... execve resumed>)             = 0",
                "102 +++ exited with 0 +++",
                // pid 102 again, a new process started by a chroot'ed one: not judged
                "200 execve(\"/usr/sbin/chroot\", [\"chroot\", \"/r\", \"sh\"], 0x1 /* 1 var */) = 0",
                "200 vfork()                            = 102",
                "102 execve(\"" + gcc + "\", [\"cc\"], 0x1 /* 1 var */) = 0");

        assertThat(report).singleElement().asString()
                .startsWith("gcc-12: " + gcc + " executed by 'gcc -c' under /w/desktop-app");
    }

    @Test
    void listedPackagesWhatTheyDependOnAndBasePackagesPass() {
        assertThat(audit(
                "200 openat(AT_FDCWD, \"" + libbpf + "\", O_RDONLY|O_CLOEXEC) = 3",
                "200 execve(\"" + tar + "\", [\"tar\", \"-x\"], 0x1 /* 1 var */) = 0",
                "200 openat(AT_FDCWD, \"" + ownedByNobody + "\", O_RDONLY) = 4",
                "200 openat(AT_FDCWD, \"" + dir + "\", O_RDONLY|O_DIRECTORY) = 5")).isEmpty();
    }

    @Test
    void otherFilesAreNotJudgedProgramsOpenThemOnlyIfTheyExist() {
        assertThat(audit("400 openat(AT_FDCWD, \"" + localeAlias + "\", O_RDONLY) = 3")).isEmpty();
    }

    @Test
    void theRootDirectoryOpenedAsAFileIsNotJudged() {
        // A path without a file name: the audit once stopped at it with a NullPointerException.
        assertThat(audit("400 openat(AT_FDCWD, \"/\", O_RDONLY|O_CLOEXEC) = 93")).isEmpty();
    }

    @Test
    void whatRunsChrootedIntoAnotherRootIsNotJudged() {
        assertThat(audit(
                "300 execve(\"/usr/sbin/chroot\", [\"chroot\", \"/w/target/root\", \"cc\"], 0x1 /* 1 var */) = 0",
                "300 execve(\"" + gcc + "\", [\"cc\"], 0x1 /* 1 var */) = 0",
                "300 vfork() = 301",
                "301 openat(AT_FDCWD, \"" + gcc + "\", O_RDONLY) = 3")).isEmpty();
    }

    @Test
    void aListedPackageThatIsNotInstalledIsSaidToBeUnchecked() {
        List<String> report = HostUseAudit.audit(StraceLog.parse(List.of()), Set.of("skopeo"), installed, files);
        assertThat(report).singleElement().asString().startsWith("skopeo: listed in .ci/run but not installed");
    }

    @Test
    void thePackageListIsReadFromTheScriptsArrayWithItsComments() {
        String script = String.join("\n",
                "packages=(",
                "    clang libbpf-dev   # compile the eBPF programs (bpf/)",
                "    # a comment line",
                "    skopeo",
                ")",
                "other=(not-a-package)");
        assertThat(HostUseAudit.listedPackages(script)).containsExactly("clang", "libbpf-dev", "skopeo");
        assertThat(HostUseAudit.listedPackages("packages=(a b)")).containsExactly("a", "b");
        assertThatThrownBy(() -> HostUseAudit.listedPackages("echo hi")).isInstanceOf(IllegalArgumentException.class);
    }
}
