package dev.nightjar.desktop.syscalls;

import dev.nightjar.protocol.v1.SyscallHistogram;
import java.util.List;

/**
 * What the Syscalls page's filter reads of a slow span or a histogram row.
 *
 * @param group  the timeline group: "ns/pod", "container 0123456789ab" or "host · node"
 * @param errno  "ECONNREFUSED" for a failed span; empty for a success or a histogram
 * @param target what the call's fd pointed at; empty when unknown
 */
public record SyscallRow(String node, int pid, String comm, String syscall, String group, String errno,
                         String target) {

    static SyscallRow of(TimelineSpan span, String group) {
        return new SyscallRow(span.node(), span.pid(), span.comm(), span.syscall(), group,
                span.failed() ? span.errnoName() : "", span.fdTarget());
    }

    static SyscallRow of(String node, SyscallHistogram h, String group) {
        String name = h.getSyscallName().isEmpty() ? "syscall " + h.getSyscallNr() : h.getSyscallName();
        return new SyscallRow(node, h.getPid(), h.getComm(), name, group, "", "");
    }

    /** What free text is matched against. */
    public List<String> texts() {
        return List.of(syscall, comm, group, errno, target, node);
    }
}
