package dev.nightjar.installer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a process tree executed and opened, read from {@code strace -f -e trace=execve,openat,
 * clone,clone3,fork,vfork} output ("PID syscall(...) = result" lines, possibly split into
 * "unfinished" and "resumed" halves). A process that executed chroot, and all it started, sees
 * another root: its paths are not the host's, so they are kept apart.
 */
final class StraceLog {

    /**
     * A file the traced tree used on the host: executed or opened, by a process with this command
     * line, started (directly or not) by a process whose command line named a build's target
     * directory (a test JVM), if one did.
     */
    record Use(String path, boolean executed, List<String> commandLine, List<String> testProcess) {
    }

    private static final Pattern EXECVE = Pattern.compile("^(\\d+) +execve\\(\"((?:[^\"\\\\]|\\\\.)*)\", \\[(.*?)\\]");
    private static final Pattern OPENAT = Pattern.compile("^(\\d+) +openat\\([^,]*, \"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern SPAWN = Pattern.compile("^(\\d+) +(?:<\\.\\.\\. )?(?:clone3?|vfork|fork)\\b.*= (\\d+)$");
    private static final Pattern ARGUMENT = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Map<Long, Long> parents = new HashMap<>();
    private final Map<Long, List<String>> commandLines = new HashMap<>();
    private final Set<Long> chrooted = new HashSet<>();
    private final List<Use> uses = new ArrayList<>();

    private StraceLog() {
    }

    static StraceLog parse(List<String> lines) {
        StraceLog log = new StraceLog();
        lines.forEach(log::read);
        return log;
    }

    private void read(String line) {
        Matcher spawn = SPAWN.matcher(line);
        if (spawn.find()) {
            long parent = Long.parseLong(spawn.group(1));
            long child = Long.parseLong(spawn.group(2));
            parents.put(child, parent);
            if (chrooted.contains(parent)) {
                chrooted.add(child);
            }
            return;
        }
        Matcher exec = EXECVE.matcher(line);
        if (exec.find()) {
            long pid = Long.parseLong(exec.group(1));
            List<String> argv = new ArrayList<>();
            Matcher arg = ARGUMENT.matcher(exec.group(3));
            while (arg.find()) {
                argv.add(unescape(arg.group(1)));
            }
            String path = unescape(exec.group(2));
            if (!insideAnotherRoot(pid)) {
                commandLines.put(pid, argv);
                uses.add(new Use(path, true, argv, testProcess(pid)));
                if (path.endsWith("/chroot")) {
                    chrooted.add(pid); // what it executes next is inside the new root
                }
            }
            return;
        }
        Matcher open = OPENAT.matcher(line);
        if (open.find()) {
            long pid = Long.parseLong(open.group(1));
            String path = unescape(open.group(2));
            if (path.startsWith("/") && !insideAnotherRoot(pid)) {
                uses.add(new Use(path, false, commandLine(pid), testProcess(pid)));
            }
        }
    }

    private boolean insideAnotherRoot(long pid) {
        for (Long p = pid; p != null; p = parents.get(p)) {
            if (chrooted.contains(p)) {
                chrooted.add(pid);
                return true;
            }
        }
        return false;
    }

    /** The command line PID (or the nearest ancestor that executed something) runs. */
    List<String> commandLine(long pid) {
        for (Long p = pid; p != null; p = parents.get(p)) {
            List<String> argv = commandLines.get(p);
            if (argv != null) {
                return argv;
            }
        }
        return List.of();
    }

    /** The nearest command line up PID's ancestry that names a target directory; empty if none does. */
    private List<String> testProcess(long pid) {
        for (Long p = pid; p != null; p = parents.get(p)) {
            List<String> argv = commandLines.get(p);
            if (argv != null && argv.stream().anyMatch(a -> a.contains("/target/"))) {
                return argv;
            }
        }
        return List.of();
    }

    /** Every host file executed or opened, in the order of the log. */
    List<Use> uses() {
        return uses;
    }

    private static String unescape(String s) {
        return s.replace("\\\"", "\"").replace("\\\\", "\\");
    }
}
