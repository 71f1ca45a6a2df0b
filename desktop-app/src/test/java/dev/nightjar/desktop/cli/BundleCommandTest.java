package dev.nightjar.desktop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.testing.TestBundles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleCommandTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void infoSummarisesNodesAndEventCounts() throws Exception {
        Path file = TestBundles.twoNodes(dir.resolve("a.njcap"), 250);
        assertThat(cli.run("bundle", "info", file.toString())).isZero();
        assertThat(cli.out.toString())
                .contains("format:      2 (written by nightjar test")
                .contains("time range:  2025-11-24T16:00:00Z .. 2025-11-24T16:00:00.249Z")
                .contains("worker-1  250 events  (flow 250)")
                .contains("worker-2  250 events  (flow 250)")
                .contains("kernel 6.18.0, x86_64")
                .contains("redactions:  none");
    }

    @Test
    void verifySaysWholeForAWholeBundle() throws Exception {
        Path file = TestBundles.twoNodes(dir.resolve("a.njcap"), 100);
        assertThat(cli.run("bundle", "verify", file.toString())).isZero();
        assertThat(cli.out.toString()).isEqualTo(file + ": whole\n");
    }

    @Test
    void verifyNamesTheDamagedEntryInOneLineWithoutAStackTrace() throws Exception {
        Path file = TestBundles.twoNodes(dir.resolve("a.njcap"), 2_000);
        TestBundles.damageFirstNodeEntry(file);
        assertThat(cli.run("bundle", "verify", file.toString())).isEqualTo(BundleCommand.DAMAGED);
        assertThat(cli.err.toString().lines()).singleElement().asString()
                .startsWith(file + ": nodes/0/events.pb");
        assertThat(cli.err.toString()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void infoOnSomethingElseFailsWithOneLine() throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "not a bundle");
        assertThat(cli.run("bundle", "info", file.toString())).isEqualTo(BundleCommand.DAMAGED);
        assertThat(cli.err.toString().lines()).singleElement().asString().startsWith("nightjar: notes.txt");
    }
}
