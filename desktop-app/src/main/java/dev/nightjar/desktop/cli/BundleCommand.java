package dev.nightjar.desktop.cli;

import dev.nightjar.protocol.bundle.BundleException;
import dev.nightjar.protocol.bundle.BundleReader;
import dev.nightjar.protocol.bundle.Manifest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nightjar bundle info|verify FILE}: look at a capture bundle without a display. */
@Command(name = "bundle", description = "Inspect a capture bundle (.njcap) without opening the window.",
        subcommands = {BundleCommand.Info.class, BundleCommand.Verify.class})
public final class BundleCommand {

    /** The FILE parameter both subcommands take. */
    static final class BundleFile {
        @Parameters(paramLabel = "FILE", description = "The capture bundle (.njcap).")
        Path file;
    }

    /** Exit code for a bundle that cannot be read, or is not whole. */
    static final int DAMAGED = 1;

    @Command(name = "info", description = "Summarise the manifest: format, time range, nodes, events per kind, redactions.")
    static final class Info implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        BundleFile bundle;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (BundleReader reader = BundleReader.open(bundle.file)) {
                Manifest m = reader.manifest();
                out.println("file:        " + bundle.file);
                out.println("format:      " + m.formatVersion() + " (written by " + m.createdBy() + " at " + m.createdAt() + ")");
                if (m.timeRange() != null) {
                    out.println("time range:  " + Instant.ofEpochSecond(0, m.timeRange().startNs())
                            + " .. " + Instant.ofEpochSecond(0, m.timeRange().endNs()));
                } else {
                    out.println("time range:  (no events)");
                }
                out.println("redactions:  " + (m.redactions().isEmpty() ? "none" : String.join(", ", m.redactions())));
                out.println("kubernetes:  " + (m.kubernetes() == null ? "no snapshot" : "snapshot included"));
                out.println("nodes:       " + m.nodes().size());
                for (Manifest.Node node : m.nodes()) {
                    out.printf("  %s  %,d events  %s%n", node.name(), node.events(), counts(node.eventCounts()));
                    if (node.sensorInfo() != null) {
                        out.printf("    kernel %s, %s, sensor %s%n", node.sensorInfo().getKernelRelease(),
                                node.sensorInfo().getArchitecture(), node.sensorInfo().getSensorVersion());
                    }
                }
                out.flush();
                return 0;
            } catch (BundleException e) {
                spec.commandLine().getErr().println("nightjar: " + e.getMessage());
                return DAMAGED;
            }
        }

        private static String counts(Map<String, Long> byKind) {
            StringBuilder sb = new StringBuilder();
            byKind.forEach((kind, n) -> sb.append(sb.isEmpty() ? "(" : ", ").append(kind).append(' ').append(n));
            return sb.isEmpty() ? "" : sb.append(')').toString();
        }
    }

    @Command(name = "verify", description = "Read every entry; exit 0 when whole, 1 with one line per problem otherwise.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        BundleFile bundle;

        @Override
        public Integer call() {
            List<String> problems = BundleReader.verify(bundle.file);
            if (problems.isEmpty()) {
                spec.commandLine().getOut().println(bundle.file + ": whole");
                spec.commandLine().getOut().flush();
                return 0;
            }
            PrintWriter err = spec.commandLine().getErr();
            problems.forEach(p -> err.println(bundle.file + ": " + p));
            err.flush();
            return DAMAGED;
        }
    }
}
