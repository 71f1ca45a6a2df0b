package dev.nightjar.desktop.syscalls;

/** One slow syscall as the timeline draws it and the slowest-spans table lists it. */
public record TimelineSpan(String node, int pid, int tid, String comm, String syscall, long startNs, long durationNs,
                           long returnValue, int errno, int fd, String fdTarget) {

    public long endNs() {
        return startNs + durationNs;
    }

    public boolean failed() {
        return errno != 0;
    }

    /** "ENOENT", or "" when the call succeeded. */
    public String errnoName() {
        return ErrnoNames.name(errno);
    }
}
