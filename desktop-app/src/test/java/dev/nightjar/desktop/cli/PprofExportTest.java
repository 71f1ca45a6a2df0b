package dev.nightjar.desktop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.UnknownFieldSet;
import dev.nightjar.desktop.bundle.BundleExport;
import dev.nightjar.desktop.testing.CaptureFixtures;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bundle export-profile --format pprof}: a gzip-compressed profile.proto message that
 * the real consumer, {@code go tool pprof} (Debian's golang-go, in .ci/run), reads back with
 * the same samples the folded export has. CaptureFixtures: per node, 40 ticks of a process
 * whose comm alternates curl/java, stacks main;work;hash;inner (t+1 samples) and main;read (2).
 */
class PprofExportTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private Path export() throws Exception {
        Path bundle = dir.resolve("c.njcap");
        BundleExport.write(CaptureFixtures.store(), bundle);
        Path pprof = dir.resolve("cpu.pb.gz");
        assertThat(cli.run("bundle", "export-profile", bundle.toString(), "--format", "pprof", "--out", pprof.toString()))
                .isZero();
        return pprof;
    }

    @Test
    void theFileIsAGzippedProfileWhoseStringTableStartsEmpty() throws Exception {
        Path pprof = export();
        // 3 nodes × 2 processes (curl, java) × 2 stacks
        assertThat(cli.out.toString()).isEqualTo("wrote 12 pprof samples to " + pprof + "\n");
        UnknownFieldSet profile;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(pprof))) {
            profile = UnknownFieldSet.parseFrom(in);
        }
        List<com.google.protobuf.ByteString> strings = profile.getField(6).getLengthDelimitedList();
        assertThat(strings.getFirst().toStringUtf8()).as("string_table[0]").isEmpty();
        assertThat(strings).extracting(s -> s.toStringUtf8()).contains("samples", "count", "main", "hash;inner", "read",
                "node-a", "curl", "pid");
        assertThat(profile.getField(2).getLengthDelimitedList()).as("samples").hasSize(12);
        assertThat(profile.getField(4).getLengthDelimitedList()).as("locations: one per frame").hasSize(4);
        assertThat(profile.getField(5).getLengthDelimitedList()).as("functions").hasSize(4);
    }

    @Test
    void goToolPprofReadsTheSamplesBack() throws Exception {
        Path pprof = export();
        boolean ci = "true".equals(System.getenv("CI"));
        Assumptions.assumeTrue(ci || Files.isExecutable(Path.of("/usr/bin/go")),
                "go (Debian's golang-go) is not installed; .ci/run installs it");
        // main;work;hash;inner gets t+1 samples per tick: the curl process's even ticks 1+3+…+39 = 400
        // per node, the java process's odd ticks 2+4+…+40 = 420; main;read 2 per tick.
        String top = run("go", "tool", "pprof", "-top", "-nodecount=10", "-unit=count", pprof.toString());
        assertThat(top).contains("Type: samples")
                // hash;inner is the leaf of (420 + 400) × 3 nodes = 2460 samples; read of 2 × 40 × 3 = 240
                .containsPattern("(?m)^\\s+2460\\s.*hash;inner$")
                .containsPattern("(?m)^\\s+240\\s.*read$");
        String tags = run("go", "tool", "pprof", "-tags", pprof.toString());
        assertThat(tags).contains("comm: ").contains("curl").contains("java").contains("node: ").contains("node-b");
    }

    private String run(String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        // pprof keeps its settings and fetched profiles under $HOME: give it the test's folder.
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("PPROF_TMPDIR", dir.toString());
        pb.environment().put("GOCACHE", dir.resolve("gocache").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", String.join(" ", command)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), text).isZero();
        return text;
    }
}
