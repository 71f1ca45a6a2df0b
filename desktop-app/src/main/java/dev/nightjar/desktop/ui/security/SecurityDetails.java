package dev.nightjar.desktop.ui.security;

import dev.nightjar.desktop.security.ProcessTree;
import dev.nightjar.desktop.security.SecurityRow;
import dev.nightjar.desktop.ui.format.Units;
import dev.nightjar.protocol.text.CapabilityNames;
import dev.nightjar.protocol.v1.SecurityEvent;
import dev.nightjar.protocol.v1.SecurityFrame;
import dev.nightjar.protocol.v1.SecurityProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The selected security event in words: what matched and where, the process with its
 * credentials, the process tree (oldest ancestor first, the event's process marked), and the
 * stacks as the sensor sent them.
 */
final class SecurityDetails {

    static final String NONE_SELECTED = "Select an event to see its process tree and stacks"
            + " (right-click it to trace its process in a live session).";

    private SecurityDetails() {
    }

    static String describe(SecurityRow r) {
        if (r == null) {
            return NONE_SELECTED;
        }
        SecurityEvent e = r.event();
        SecurityProcess p = e.getProcess();
        List<String> lines = new ArrayList<>();
        if (e.getSummary()) {
            lines.add(String.format(Locale.ROOT, "Rate limit:  %,d more events of policy %s by this process were"
                    + " suppressed (10 per second per policy and process go through)", e.getSuppressedCount(),
                    e.getPolicy()));
        } else {
            lines.add("Matched:     " + r.severity().toUpperCase(Locale.ROOT) + "  policy " + e.getPolicy()
                    + (e.getCall().isEmpty() ? "" : ", call " + e.getCall()) + " (" + r.kind() + ")");
            lines.add("What:        " + r.what());
        }
        lines.add("When:        " + Units.clock(e.getTimeNs()) + " on node " + r.node()
                + (e.getHook().isEmpty() ? "" : ", seen by the " + e.getHook() + " hook"));
        lines.add("Pod:         " + r.pod() + (e.getContainerId().isEmpty() || r.pod().startsWith("container ") ? ""
                : "  (container " + e.getContainerId().substring(0, Math.min(12, e.getContainerId().length())) + ")"));
        lines.add("Process:     " + (p.getComm().isEmpty() ? "?" : p.getComm()) + " (pid " + p.getPid() + "), "
                + (r.binary().isEmpty() ? "binary not seen" : r.binary()) + ", uid " + p.getUid() + " euid " + p.getEuid()
                + (p.getCwd().isEmpty() ? "" : ", cwd " + p.getCwd()));
        List<String> effective = CapabilityNames.of(p.getCapEffective());
        if (!effective.isEmpty()) {
            lines.add("Caps:        " + (effective.size() > 8 ? effective.size() + " effective (" + String.join(", ",
                    effective.subList(0, 8)) + ", …)" : String.join(", ", effective)));
        }
        if (!e.getSummary() && e.getSuppressedCount() > 0) {
            lines.add(String.format(Locale.ROOT, "Suppressed:  %,d earlier events of this policy and process"
                    + " (rate limit)", e.getSuppressedCount()));
        }
        lines.add("");
        lines.add("Process tree (oldest ancestor first):");
        ProcessTree.lines(e).forEach(line -> lines.add("  " + line));
        stack(lines, "Kernel stack", e.getKernelStackList());
        stack(lines, "User stack", e.getUserStackList());
        if (!e.getSummary() && e.getKernelStackCount() == 0 && e.getUserStackCount() == 0) {
            lines.add("");
            lines.add("No stacks: the policy did not ask for them (matchActions kernelStackTrace / userStackTrace).");
        }
        return String.join("\n", lines);
    }

    private static void stack(List<String> lines, String title, List<SecurityFrame> frames) {
        if (frames.isEmpty()) {
            return;
        }
        boolean symbolized = frames.stream().anyMatch(f -> !f.getSymbol().isEmpty());
        lines.add("");
        lines.add(title + " (innermost first" + (symbolized ? "" : "; addresses only, not symbolized") + "):");
        ProcessTree.stack(frames).forEach(line -> lines.add("  " + line));
    }
}
