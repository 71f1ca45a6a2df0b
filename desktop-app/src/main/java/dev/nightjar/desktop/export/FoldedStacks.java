package dev.nightjar.desktop.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Brendan Gregg's folded-stack format, as read by {@code flamegraph.pl}, inferno and
 * speedscope: one line per distinct stack, {@code comm;root;...;leaf count}. The process
 * name is the first frame (as {@code stackcollapse-perf.pl} does); stacks of processes with
 * the same name are added up. A {@code ;} inside a frame name would split it, so it is
 * written as {@code :}; line breaks become spaces.
 */
public final class FoldedStacks {

    private FoldedStacks() {
    }

    /** @return lines written */
    public static long write(CpuProfile profile, OutputStream out) throws IOException {
        Map<String, Long> lines = new LinkedHashMap<>();
        for (CpuProfile.Process process : profile.processes()) {
            profile.stacks(process).forEach((stack, count) -> lines.merge(line(process.comm(), stack), count, Long::sum));
        }
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        for (Map.Entry<String, Long> line : lines.entrySet()) {
            writer.write(line.getKey());
            writer.write(' ');
            writer.write(Long.toString(line.getValue()));
            writer.write('\n');
        }
        writer.flush();
        return lines.size();
    }

    static String line(String comm, List<String> stack) {
        StringBuilder sb = new StringBuilder(frame(comm.isEmpty() ? "[unknown]" : comm));
        for (String frame : stack) {
            sb.append(';').append(frame(frame));
        }
        return sb.toString();
    }

    /** A frame name as it appears in a folded line. */
    public static String frame(String name) {
        return name.replace(';', ':').replace('\n', ' ').replace('\r', ' ');
    }
}
