package dev.nightjar.sensor.libbpf;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * A program inside a {@link BpfObject}. It is freed with its object, so it has
 * no close of its own; attaching gives a {@link BpfLink} the object tracks.
 */
public final class BpfProgram {

    private final BpfObject owner;
    private final MemorySegment program;
    private final String name;

    BpfProgram(BpfObject owner, MemorySegment program, String name) {
        this.owner = owner;
        this.program = program;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Whether {@link BpfObject#load()} loads this program; only before load. */
    public void setAutoload(boolean autoload) {
        owner.ensureOpen();
        owner.lib().programSetAutoload(program, name, autoload);
    }

    /**
     * Points a tp_btf/fentry-style program at another kernel tracepoint or
     * function than its section names; only before load. A target the kernel
     * does not have makes the load fail.
     */
    public void setAttachTarget(String target) {
        owner.ensureOpen();
        owner.lib().programSetAttachTarget(program, name, target);
    }

    /** Attaches by section type (tp_btf, tracepoint, ...). */
    public BpfLink attach() {
        owner.ensureOpen();
        BpfLink link = new BpfLink(owner.lib(), owner.lib().programAttach(program, name), name);
        owner.adopt(link);
        return link;
    }

    /**
     * Attaches a perf_event program to an opened perf event. The link takes over the event's
     * fd (closing the link disables and closes it); if the attach fails the event keeps it.
     */
    public BpfLink attachPerfEvent(PerfEvent event) {
        owner.ensureOpen();
        BpfLink link = new BpfLink(owner.lib(), owner.lib().programAttachPerfEvent(program, name, event.fdForAttach()),
                name);
        event.handOver();
        owner.adopt(link);
        return link;
    }

    /**
     * Attaches a uprobe (or uretprobe) program to a function of an ELF file, for every
     * process that maps it (the kernel keys uprobes by the file's inode).
     */
    public BpfLink attachUprobe(Path binary, String functionName, boolean retprobe) {
        owner.ensureOpen();
        BpfLink link = new BpfLink(owner.lib(), owner.lib().programAttachUprobe(program, name, -1, binary.toString(),
                functionName, retprobe), name);
        owner.adopt(link);
        return link;
    }

    /** Attaches a cgroup program (cgroup_skb, ...) to a cgroup v2 directory. */
    public BpfLink attachCgroup(Path cgroupDirectory) {
        owner.ensureOpen();
        String path = cgroupDirectory.toString();
        int fd;
        try {
            fd = Libc.open(path, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC);
        } catch (Libc.LibcException e) {
            throw new BpfAttachException(name, "open", e.errno(), owner.lib().errorText(e.errno()),
                    " to cgroup " + path + " (cannot open the cgroup directory)");
        }
        try {
            // The link holds its own reference to the cgroup; the fd can go.
            BpfLink link = new BpfLink(owner.lib(), owner.lib().programAttachCgroup(program, name, fd, path), name);
            owner.adopt(link);
            return link;
        } finally {
            Libc.close(fd);
        }
    }

    @Override
    public String toString() {
        return "BpfProgram[" + owner.name() + "/" + name + "]";
    }
}
