package dev.nightjar.sensor.syscalls;

import dev.nightjar.sensor.libbpf.BpfLink;
import dev.nightjar.sensor.libbpf.BpfObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of bpf/syscalls.bpf.c's programs are attached: nothing, the tracepoint
 * pair (every syscall of every task), or the fentry/fexit pairs of chosen
 * syscalls. One path at a time. Each pair attaches its exit program before its
 * enter program and detaches in the reverse order, so no call is entered
 * without its exit being seen.
 *
 * <p>Not thread-safe: its collector calls it under its filter lock.
 */
final class SyscallAttachments {

    static final String ENTER_PROGRAM = "nj_sys_enter";
    static final String EXIT_PROGRAM = "nj_sys_exit";
    static final String FENTRY_PREFIX = "nj_sys_fentry_";
    static final String FEXIT_PREFIX = "nj_sys_fexit_";

    /** The kernel path in use, as SensorInfo.syscall_tracing.path names it. */
    enum Path {
        OFF("off"), TRACEPOINT("tracepoint"), FENTRY("fentry");

        final String wireName;

        Path(String wireName) {
            this.wireName = wireName;
        }
    }

    private final BpfObject object;
    private final List<BpfLink> tracepoints = new ArrayList<>(2);
    private final Map<String, List<BpfLink>> fentry = new LinkedHashMap<>();

    SyscallAttachments(BpfObject object) {
        this.object = object;
    }

    /** The syscalls an object has fentry programs for, from its program names. */
    static List<String> fentrySyscalls(List<String> programNames) {
        return programNames.stream().filter(n -> n.startsWith(FENTRY_PREFIX))
                .map(n -> n.substring(FENTRY_PREFIX.length()))
                .filter(n -> programNames.contains(FEXIT_PREFIX + n)).toList();
    }

    /** Every fentry and fexit program of an object, to switch their loading off. */
    static List<String> fentryPrograms(List<String> programNames) {
        return programNames.stream().filter(n -> n.startsWith(FENTRY_PREFIX) || n.startsWith(FEXIT_PREFIX)).toList();
    }

    Path path() {
        if (!tracepoints.isEmpty()) {
            return Path.TRACEPOINT;
        }
        return fentry.isEmpty() ? Path.OFF : Path.FENTRY;
    }

    void useTracepoints() {
        detachFentry(Set.of());
        if (tracepoints.isEmpty()) {
            tracepoints.addAll(attachPair(EXIT_PROGRAM, ENTER_PROGRAM));
        }
    }

    /** Attaches the pairs of exactly these syscalls (each must have programs), detaching the tracepoints first. */
    void useFentry(Set<String> syscalls) {
        detachTracepoints();
        detachFentry(syscalls);
        for (String syscall : syscalls) {
            if (!fentry.containsKey(syscall)) {
                fentry.put(syscall, attachPair(FEXIT_PREFIX + syscall, FENTRY_PREFIX + syscall));
            }
        }
    }

    void detachAll() {
        detachTracepoints();
        detachFentry(Set.of());
    }

    private void detachTracepoints() {
        detach(tracepoints);
        tracepoints.clear();
    }

    private void detachFentry(Set<String> keep) {
        fentry.entrySet().removeIf(e -> {
            if (keep.contains(e.getKey())) {
                return false;
            }
            detach(e.getValue());
            return true;
        });
    }

    /** Exit first, then enter; if enter fails the exit link is closed again. Returns [enter, exit]. */
    private List<BpfLink> attachPair(String exitProgram, String enterProgram) {
        BpfLink exit = object.program(exitProgram).attach();
        try {
            return List.of(object.program(enterProgram).attach(), exit);
        } catch (RuntimeException e) {
            exit.close();
            throw e;
        }
    }

    /** Enter first, then exit (the order of {@link #attachPair}'s result). */
    private static void detach(List<BpfLink> pair) {
        pair.forEach(BpfLink::close);
    }
}
