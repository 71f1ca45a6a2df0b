package dev.nightjar.desktop.security;

import dev.nightjar.protocol.v1.SecurityEvent;
import dev.nightjar.protocol.v1.SecurityFrame;
import dev.nightjar.protocol.v1.SecurityProcess;
import java.util.ArrayList;
import java.util.List;

/**
 * A security event's process and its ancestors as an indented tree, oldest ancestor first
 * (the event carries them nearest first, up to the container's init or the tree's bound),
 * and its stacks as carried, innermost frame first.
 * <pre>
 * containerd-shim (812)  uid 0  /usr/bin/containerd-shim-runc-v2 -namespace k8s.io
 * └─ sh (4240)  uid 1000  /bin/sh -c "cat /proc/sys/kernel/hostname"
 *    └─ cat (4242)  uid 1000  /usr/bin/cat /proc/sys/kernel/hostname   ◀ this event
 * </pre>
 */
public final class ProcessTree {

    static final String THIS_EVENT = "   ◀ this event";

    private ProcessTree() {
    }

    /** The tree's lines, oldest ancestor first, the event's process last. */
    public static List<String> lines(SecurityEvent event) {
        List<SecurityProcess> chain = new ArrayList<>(event.getAncestorsList().reversed());
        chain.add(event.getProcess());
        List<String> lines = new ArrayList<>();
        for (int depth = 0; depth < chain.size(); depth++) {
            String indent = depth == 0 ? "" : "   ".repeat(depth - 1) + "└─ ";
            boolean self = depth == chain.size() - 1;
            lines.add(indent + describe(chain.get(depth)) + (self ? THIS_EVENT : ""));
        }
        return lines;
    }

    /** "cat (4242)  uid 1000 euid 0  /usr/bin/cat /proc/sys/kernel/hostname" */
    static String describe(SecurityProcess p) {
        StringBuilder line = new StringBuilder(p.getComm().isEmpty() ? "?" : p.getComm())
                .append(" (").append(p.getPid()).append(")  uid ").append(p.getUid());
        if (p.getEuid() != p.getUid()) {
            line.append(" euid ").append(p.getEuid());
        }
        String command = commandLine(p);
        if (!command.isEmpty()) {
            line.append("  ").append(command);
        }
        return line.toString();
    }

    /**
     * The argv as a shell would take it back (arguments with spaces or quotes in double quotes),
     * the binary's path first when argv[0] is only its name; "" when neither is known.
     */
    public static String commandLine(SecurityProcess p) {
        List<String> argv = p.getArgvList();
        String words = p.getBinary().isEmpty() ? shellWords(argv)
                : (p.getBinary() + " " + shellWords(argv.subList(Math.min(1, argv.size()), argv.size()))).strip();
        return words.isEmpty() ? "" : words + (p.getArgvTruncated() ? " …(cut at the sensor's bound)" : "");
    }

    /** Words joined by spaces, each with spaces or quotes in it in double quotes. */
    public static String shellWords(List<String> words) {
        List<String> quoted = new ArrayList<>(words.size());
        words.forEach(w -> quoted.add(quoted(w)));
        return String.join(" ", quoted);
    }

    private static String quoted(String arg) {
        if (!arg.isEmpty() && arg.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'')) {
            return arg;
        }
        return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A stack's lines as carried: the sensor's symbol ("do_sys_openat2+0x5"), else the address in hex. */
    public static List<String> stack(List<SecurityFrame> frames) {
        List<String> lines = new ArrayList<>(frames.size());
        for (SecurityFrame f : frames) {
            String where = f.getSymbol().isEmpty() ? "0x" + Long.toHexString(f.getAddress()) : f.getSymbol();
            lines.add(f.getModule().isEmpty() ? where : where + " [" + f.getModule() + "]");
        }
        return lines;
    }
}
