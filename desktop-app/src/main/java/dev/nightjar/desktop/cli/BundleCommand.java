package dev.nightjar.desktop.cli;

import dev.nightjar.desktop.app.AppInfo;
import dev.nightjar.desktop.bundle.BundleStoreLoader;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.export.CpuProfile;
import dev.nightjar.desktop.export.ExportFiles;
import dev.nightjar.desktop.export.FlowJsonLines;
import dev.nightjar.desktop.export.FoldedStacks;
import dev.nightjar.desktop.export.PprofProfile;
import dev.nightjar.desktop.export.RedOpenMetrics;
import dev.nightjar.desktop.export.RequestJsonLines;
import dev.nightjar.desktop.export.SecurityJsonLines;
import dev.nightjar.desktop.export.SpeedscopeProfile;
import dev.nightjar.protocol.bundle.BundleException;
import dev.nightjar.protocol.bundle.BundleReader;
import dev.nightjar.protocol.bundle.Manifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nightjar bundle info|verify|export-flows|export-requests|export-security|export-metrics|export-profile FILE}: look at a capture
 * bundle, or convert it for other tools, without a display.
 */
@Command(name = "bundle", description = "Inspect a capture bundle (.njcap) or export it for other tools, without opening the window.",
        subcommands = {BundleCommand.Info.class, BundleCommand.Verify.class, BundleCommand.ExportFlows.class,
                BundleCommand.ExportRequests.class, BundleCommand.ExportSecurity.class, BundleCommand.ExportMetrics.class, BundleCommand.ExportProfile.class})
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
                out.println("kubernetes:  " + (m.clusterSnapshot() != null
                        ? String.format(java.util.Locale.ROOT, "snapshot included (%s, %,d bytes)",
                                m.clusterSnapshot().entry(), m.clusterSnapshot().size())
                        : m.kubernetes() != null ? "snapshot included (in the manifest)" : "no snapshot"));
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

    /** What the export subcommands share: read the bundle, write one file atomically, report in one line. */
    abstract static class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        BundleFile bundle;

        @Option(names = "--out", required = true, paramLabel = "OUT", description = "The file to write (replaced whole, or left as it was).")
        Path out;

        /** Writes the export; returns what to say, e.g. "42 flows". */
        abstract String write(BundleStoreLoader.Loaded loaded, java.io.OutputStream target) throws IOException;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            try {
                BundleStoreLoader.Loaded loaded = BundleStoreLoader.load(bundle.file);
                // A damaged node entry still exports what was readable; say which part is missing.
                loaded.imported().problems().forEach(p -> err.println("nightjar: warning: " + p));
                String what = ExportFiles.writeAtomically(out, target -> write(loaded, target));
                spec.commandLine().getOut().println("wrote " + what + " to " + out);
                spec.commandLine().getOut().flush();
                err.flush();
                return loaded.imported().problems().isEmpty() ? 0 : DAMAGED;
            } catch (BundleException e) {
                err.println("nightjar: " + e.getMessage());
                err.flush();
                return DAMAGED;
            } catch (IOException e) {
                err.println("nightjar: cannot write " + out + ": " + e.getMessage() + " (check the directory exists and is writable)");
                err.flush();
                return CANNOT_WRITE;
            }
        }
    }

    /** Exit code when the output file cannot be written. */
    static final int CANNOT_WRITE = 2;

    @Command(name = "export-flows", description = "Write the bundle's flows as JSON lines (one flow per line; see docs/EXPORT-FORMATS.md).")
    static final class ExportFlows extends Export {
        @Override
        String write(BundleStoreLoader.Loaded loaded, java.io.OutputStream target) throws IOException {
            return FlowJsonLines.write(loaded.store(), TimeWindow.ALL, target) + " flows";
        }
    }

    @Command(name = "export-requests", description = "Write the bundle's requests as JSON lines (one request per line;"
            + " see docs/EXPORT-FORMATS.md).")
    static final class ExportRequests extends Export {
        @Override
        String write(BundleStoreLoader.Loaded loaded, java.io.OutputStream target) throws IOException {
            return RequestJsonLines.write(loaded.store(), TimeWindow.ALL, target) + " requests";
        }
    }

    @Command(name = "export-security", description = "Write the bundle's security events as JSON lines shaped like"
            + " Tetragon's export (process_exec, process_exit, process_kprobe, rate_limit_info; see"
            + " docs/SECURITY-EVENTS.md, Export).")
    static final class ExportSecurity extends Export {
        @Override
        String write(BundleStoreLoader.Loaded loaded, java.io.OutputStream target) throws IOException {
            return SecurityJsonLines.write(loaded.store(), TimeWindow.ALL, loaded.imported().namer()::podOfContainer,
                    target) + " security events";
        }
    }

    @Command(name = "export-metrics", description = "Write RED metrics (requests, errors, latency histograms) and drop"
            + " counts as OpenMetrics text, for promtool tsdb create-blocks-from openmetrics.")
    static final class ExportMetrics extends Export {
        @Override
        String write(BundleStoreLoader.Loaded loaded, java.io.OutputStream target) throws IOException {
            return RedOpenMetrics.write(loaded.store(), TimeWindow.ALL, target) + " OpenMetrics samples";
        }
    }

    /** The CPU profile formats. */
    enum ProfileFormat { folded, speedscope, pprof }

    @Command(name = "export-profile", description = "Write the bundle's CPU samples as folded stacks, a speedscope file"
            + " or a pprof profile (profile.proto, gzip).")
    static final class ExportProfile extends Export {
        @Option(names = "--format", required = true, paramLabel = "FORMAT",
                description = "folded (flamegraph.pl, inferno), speedscope (https://www.speedscope.app) or pprof"
                        + " (go tool pprof, Pyroscope, Grafana).")
        ProfileFormat format;

        @Override
        String write(BundleStoreLoader.Loaded loaded, java.io.OutputStream target) throws IOException {
            CpuProfile profile = CpuProfile.of(loaded.store(), TimeWindow.ALL);
            return switch (format) {
                case folded -> FoldedStacks.write(profile, target) + " folded stacks";
                case speedscope -> SpeedscopeProfile.write(profile, String.valueOf(bundle.file.getFileName()),
                        AppInfo.NAME.toLowerCase(java.util.Locale.ROOT) + " " + AppInfo.version(), target) + " speedscope profiles";
                case pprof -> PprofProfile.write(profile, target) + " pprof samples";
            };
        }
    }
}
