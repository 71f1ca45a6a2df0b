package dev.nightjar.sensor.cli;

import dev.nightjar.protocol.v1.SecurityEvent;
import dev.nightjar.protocol.v1.SecurityFrame;
import dev.nightjar.protocol.v1.SecurityProcess;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The lines of a security event:
 *
 * <pre>
 * SECURITY critical sensitive-kernel-paths file_open /proc/sys/kernel/hostname pid=42 (cat) bin=/usr/bin/cat uid=0 euid=0 parents=sh[41] &lt;- bash[7]
 * KSTACK do_sys_openat2;__x64_sys_openat;do_syscall_64
 * SECURITY sensitive-kernel-paths suppressed=1990 pid=42 (cat)
 * </pre>
 *
 * A summary (the rate limit's suppressed count) is one short line; stacks, when the policy asked
 * for them, follow the event as KSTACK / USTACK lines, innermost frame first.
 */
final class SecurityLines {

    private SecurityLines() {
    }

    static String of(SecurityEvent e) {
        SecurityProcess p = e.getProcess();
        String task = " pid=" + p.getPid() + (p.getComm().isEmpty() ? "" : " (" + p.getComm() + ")");
        if (e.getSummary()) {
            return "SECURITY " + e.getPolicy() + " suppressed=" + e.getSuppressedCount() + task;
        }
        StringBuilder line = new StringBuilder("SECURITY ")
                .append(e.getSeverity().name().substring("SECURITY_SEVERITY_".length()).toLowerCase(Locale.ROOT))
                .append(' ').append(e.getPolicy()).append(' ')
                .append(e.getKind().name().substring("SECURITY_EVENT_KIND_".length()).toLowerCase(Locale.ROOT))
                .append(' ').append(e.getPath()).append(task);
        if (!p.getBinary().isEmpty()) {
            line.append(" bin=").append(p.getBinary());
        }
        line.append(" uid=").append(p.getUid()).append(" euid=").append(p.getEuid());
        if (!e.getArgsList().isEmpty()) {
            line.append(' ').append(String.join(" ", e.getArgsList()));
        }
        if (p.getArgvCount() > 0) {
            line.append(" argv=").append(String.join(" ", p.getArgvList()));
        }
        if (!e.getContainerId().isEmpty()) {
            line.append(" container=").append(e.getContainerId(), 0, Math.min(12, e.getContainerId().length()));
        }
        if (e.getAncestorsCount() > 0) {
            StringJoiner parents = new StringJoiner(" <- ", " parents=", "");
            for (SecurityProcess a : e.getAncestorsList()) {
                parents.add((a.getComm().isEmpty() ? "?" : a.getComm()) + "[" + a.getPid() + "]");
            }
            line.append(parents);
        }
        stack(line, "KSTACK", e.getKernelStackList());
        stack(line, "USTACK", e.getUserStackList());
        return line.toString();
    }

    private static void stack(StringBuilder line, String label, List<SecurityFrame> frames) {
        if (frames.isEmpty()) {
            return;
        }
        StringJoiner text = new StringJoiner(";", "\n" + label + " ", "");
        for (SecurityFrame f : frames) {
            text.add(f.getSymbol().isEmpty() ? "0x" + Long.toHexString(f.getAddress()) : f.getSymbol());
        }
        line.append(text);
    }
}
