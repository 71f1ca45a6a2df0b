package dev.nightjar.desktop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nightjar.desktop.bundle.BundleExport;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.export.CpuProfile;
import dev.nightjar.desktop.export.FlowJsonLines;
import dev.nightjar.desktop.export.FlowLine;
import dev.nightjar.desktop.export.FoldedStacks;
import dev.nightjar.desktop.testing.CaptureFixtures;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleExportCommandsTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void exportFlowsWritesTheSameLinesAsTheStoreItCameFrom() throws Exception {
        var store = CaptureFixtures.store();
        Path bundle = dir.resolve("c.njcap");
        BundleExport.write(store, bundle);
        Path jsonl = dir.resolve("flows.jsonl");

        assertThat(cli.run("bundle", "export-flows", bundle.toString(), "--out", jsonl.toString())).isZero();

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        FlowJsonLines.write(store, TimeWindow.ALL, expected);
        assertThat(Files.readString(jsonl)).isEqualTo(expected.toString(StandardCharsets.UTF_8));
        List<String> lines = Files.readAllLines(jsonl);
        assertThat(lines).hasSize(21);
        assertThat(new ObjectMapper().readValue(lines.getFirst(), FlowLine.class).node()).isEqualTo("node-a");
        assertThat(cli.out.toString()).isEqualTo("wrote 21 flows to " + jsonl + "\n");
    }

    @Test
    void exportProfileWritesFoldedAndSpeedscope() throws Exception {
        var store = CaptureFixtures.store();
        Path bundle = dir.resolve("c.njcap");
        BundleExport.write(store, bundle);
        Path folded = dir.resolve("cpu.folded");
        Path speedscope = dir.resolve("cpu.json");

        assertThat(cli.run("bundle", "export-profile", bundle.toString(), "--format", "folded", "--out", folded.toString())).isZero();
        assertThat(cli.run("bundle", "export-profile", bundle.toString(), "--format", "speedscope", "--out", speedscope.toString())).isZero();

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        FoldedStacks.write(CpuProfile.of(store, TimeWindow.ALL), expected);
        assertThat(Files.readString(folded)).isEqualTo(expected.toString(StandardCharsets.UTF_8)).isNotEmpty();
        assertThat(new ObjectMapper().readTree(speedscope.toFile()).get("profiles")).hasSize(6);
    }

    @Test
    void aBadBundleOrAnUnwritableTargetFailsWithOneLineAndLeavesNoFile() throws Exception {
        Path notABundle = Files.writeString(dir.resolve("x.njcap"), "hello");
        Path target = dir.resolve("flows.jsonl");
        assertThat(cli.run("bundle", "export-flows", notABundle.toString(), "--out", target.toString()))
                .isEqualTo(BundleCommand.DAMAGED);
        assertThat(cli.err.toString().lines()).singleElement().asString().startsWith("nightjar: x.njcap");
        assertThat(target).doesNotExist();

        Path bundle = dir.resolve("c.njcap");
        BundleExport.write(CaptureFixtures.store(), bundle);
        cli.err.getBuffer().setLength(0);
        assertThat(cli.run("bundle", "export-flows", bundle.toString(), "--out", dir.resolve("no/such/dir/f.jsonl").toString()))
                .isEqualTo(BundleCommand.CANNOT_WRITE);
        assertThat(cli.err.toString().lines()).singleElement().asString().startsWith("nightjar: cannot write");
        assertThat(cli.err.toString()).doesNotContain("\tat ");
    }

    @Test
    void infoListsWhatARedactedExportTookOut() throws Exception {
        Path bundle = dir.resolve("r.njcap");
        BundleExport.write(CaptureFixtures.store(), new dev.nightjar.desktop.bundle.ExportRequest(TimeWindow.ALL,
                java.util.Set.of(), dev.nightjar.desktop.bundle.Redaction.ALL), bundle, dev.nightjar.desktop.bundle.ExportProgress.NONE);
        assertThat(cli.run("bundle", "info", bundle.toString())).isZero();
        assertThat(cli.out.toString()).contains("redactions:  IP addresses replaced by a keyed hash")
                .contains("process command lines removed").contains("pod labels removed except app,");
    }
}
