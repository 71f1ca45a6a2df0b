package dev.nightjar.sensor.requests;

import dev.nightjar.sensor.libbpf.BpfException;
import dev.nightjar.sensor.libbpf.BpfLink;
import dev.nightjar.sensor.libbpf.BpfObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Which of bpf/requests.bpf.c's socket-call programs are attached. Two entry paths, one at
 * a time, chosen once at start by {@link #probe()}:
 * <ul>
 * <li><b>tracepoint</b>: syscalls:sys_enter_X/sys_exit_X of the ten calls that move socket
 *     payload; no other syscall runs a program (though while one syscall tracepoint is on, the
 *     kernel sends every syscall through its traced entry path). Needs tracefs (the syscall
 *     tracepoints are attached through perf events named there).</li>
 * <li><b>raw_syscalls</b>: tp_btf sys_enter/sys_exit, when the syscall tracepoints cannot be
 *     attached: every syscall of every task runs a program that returns after a switch on
 *     the syscall number.</li>
 * </ul>
 * With either, the three socket programs (sock_send_length, sock_recv_length,
 * inet_sock_set_state). Exit programs attach before socket programs, and those before enter
 * programs, so no call is entered without its later stages; detaching goes the other way.
 *
 * <p>Not thread-safe: its collector calls it under its filter lock.
 */
final class RequestAttachments {

    /** The syscall tracepoints, by their names under syscalls/ (sendfile's is sendfile64 on both architectures). */
    static final List<String> CALLS = List.of("read", "write", "readv", "writev", "recvfrom", "sendto", "recvmsg",
            "sendmsg", "sendfile64", "splice");
    static final List<String> SOCKET_PROGRAMS = List.of("nj_req_send_length", "nj_req_recv_length", "nj_req_state");

    /** The entry path, as RequestCapture.path names it. */
    enum Path {
        OFF("off"), TRACEPOINT("tracepoint"), RAW_SYSCALLS("raw_syscalls");

        final String wireName;

        Path(String wireName) {
            this.wireName = wireName;
        }
    }

    private final BpfObject object;
    private final List<BpfLink> links = new ArrayList<>();
    private Path preferred = Path.TRACEPOINT;
    private String whyNotTracepoints = "";

    RequestAttachments(BpfObject object) {
        this.object = object;
    }

    /**
     * Attaches the tracepoint path once to see that this kernel takes it, else the raw path;
     * leaves nothing attached. Throws when neither attaches.
     */
    void probe() {
        try {
            attach(Path.TRACEPOINT);
        } catch (BpfException e) {
            detach();
            preferred = Path.RAW_SYSCALLS;
            whyNotTracepoints = "the syscall tracepoints could not be attached (" + e.getMessage()
                    + "); raw_syscalls runs a program on every syscall of the node instead";
            attach(Path.RAW_SYSCALLS);
        } finally {
            detach();
        }
    }

    /** Why the tracepoint path is not used; "" when it is. */
    String whyNotTracepoints() {
        return whyNotTracepoints;
    }

    Path preferred() {
        return preferred;
    }

    Path path() {
        return links.isEmpty() ? Path.OFF : preferred;
    }

    void on() {
        if (links.isEmpty()) {
            attach(preferred);
        }
    }

    void off() {
        detach();
    }

    private void attach(Path path) {
        List<String> exits = path == Path.TRACEPOINT ? CALLS.stream().map(c -> "nj_req_exit_" + c).toList()
                : List.of("nj_req_raw_exit");
        List<String> enters = path == Path.TRACEPOINT ? CALLS.stream().map(c -> "nj_req_enter_" + c).toList()
                : List.of("nj_req_raw_enter");
        try {
            for (List<String> stage : List.of(exits, SOCKET_PROGRAMS, enters)) {
                for (String program : stage) {
                    links.add(object.program(program).attach());
                }
            }
        } catch (RuntimeException e) {
            detach();
            throw e;
        }
    }

    /** Newest first: enter programs go before the stages after them. */
    private void detach() {
        BpfLink.closeNewestFirst(links);
    }
}
