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
 * What a process tree executed and opened, read from {@code strace -f -q -e trace=execve,openat,
 * clone,clone3,fork,vfork} output: "PID syscall(...) = result" lines, calls possibly split into
 * "unfinished" and "resumed" halves, and "PID +++ exited" lines. A process that executed chroot,
 * and all it started, sees another root: its paths are not the host's, so they are left out.
 *
 * <p>Each process inherits what it needs to know (inside another root or not, the test process
 * above it) when its parent's clone or vfork returns. A vfork child runs, and usually executes
 * something, before that return is logged; its lines wait until then. A pid that exited is
 * forgotten, so a reused pid starts afresh.
 */
final class StraceLog {

    /**
     * A file the traced tree used on the host: executed or opened, by a process with this command
     * line, started (directly or not) by a process whose command line named a build's target
     * directory (a test JVM), if one did.
     */
    record Use(String path, boolean executed, List<String> commandLine, List<String> testProcess) {
    }

    /** What a process inherits from its parent and changes when it executes something. */
    private record Context(boolean chrooted, List<String> commandLine, List<String> testProcess) {
        static final Context ROOT = new Context(false, List.of(), List.of());
    }

    private static final Pattern PID = Pattern.compile("^(\\d+) +(.*)$");
    private static final Pattern SPAWN = Pattern.compile("^(?:<\\.\\.\\. )?(?:clone3?|vfork|fork)\\b");
    private static final Pattern RESULT = Pattern.compile("= (\\d+)$");
    private static final Pattern EXECVE = Pattern.compile("^execve\\(\"((?:[^\"\\\\]|\\\\.)*)\", \\[(.*?)\\]");
    private static final Pattern OPENAT = Pattern.compile("^openat\\([^,]*, \"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern ARGUMENT = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Map<Long, Context> contexts = new HashMap<>();
    private final Set<Long> spawning = new HashSet<>();
    private final Map<Long, List<String>> waiting = new HashMap<>();
    private final List<Use> uses = new ArrayList<>();

    private StraceLog() {
    }

    static StraceLog parse(List<String> lines) {
        StraceLog log = new StraceLog();
        lines.forEach(log::read);
        // Lines still waiting for a parent that never showed: judge them as the host's.
        new HashMap<>(log.waiting).forEach((pid, queued) -> {
            log.contexts.put(pid, Context.ROOT);
            log.waiting.remove(pid);
            queued.forEach(line -> log.event(pid, line));
        });
        return log;
    }

    private void read(String line) {
        Matcher m = PID.matcher(line);
        if (!m.matches()) {
            return;
        }
        long pid = Long.parseLong(m.group(1));
        String call = m.group(2);
        if (call.startsWith("+++ ")) {
            contexts.remove(pid); // exited or killed: a later process may get the same pid
            spawning.remove(pid);
            return;
        }
        if (SPAWN.matcher(call).find()) {
            spawned(pid, call);
            return;
        }
        if (contexts.containsKey(pid)) {
            event(pid, call);
        } else if (!spawning.isEmpty()) {
            waiting.computeIfAbsent(pid, k -> new ArrayList<>()).add(call); // a child whose parent has not returned yet
        } else {
            contexts.put(pid, Context.ROOT);
            event(pid, call);
        }
    }

    private void spawned(long parent, String call) {
        if (call.endsWith("<unfinished ...>")) {
            spawning.add(parent);
            return;
        }
        spawning.remove(parent);
        Matcher result = RESULT.matcher(call);
        if (!result.find()) {
            return; // failed: no child
        }
        long child = Long.parseLong(result.group(1));
        contexts.put(child, contexts.getOrDefault(parent, Context.ROOT));
        List<String> queued = waiting.remove(child);
        if (queued != null) {
            queued.forEach(line -> event(child, line));
        }
    }

    private void event(long pid, String call) {
        Context context = contexts.get(pid);
        if (context.chrooted()) {
            return;
        }
        Matcher exec = EXECVE.matcher(call);
        if (exec.find()) {
            List<String> argv = new ArrayList<>();
            Matcher arg = ARGUMENT.matcher(exec.group(2));
            while (arg.find()) {
                argv.add(unescape(arg.group(1)));
            }
            String path = unescape(exec.group(1));
            List<String> test = argv.stream().anyMatch(a -> a.contains("/target/")) ? argv : context.testProcess();
            uses.add(new Use(path, true, argv, test));
            // What chroot executes next is inside the new root.
            contexts.put(pid, new Context(path.endsWith("/chroot"), argv, test));
            return;
        }
        Matcher open = OPENAT.matcher(call);
        if (open.find()) {
            String path = unescape(open.group(1));
            if (path.startsWith("/")) {
                uses.add(new Use(path, false, context.commandLine(), context.testProcess()));
            }
        }
    }

    /** Every host file executed or opened, in the order of the log. */
    List<Use> uses() {
        return uses;
    }

    private static String unescape(String s) {
        return s.replace("\\\"", "\"").replace("\\\\", "\\");
    }
}
