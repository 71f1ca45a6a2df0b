package dev.nightjar.sensor.libbpf;

import java.lang.foreign.MemorySegment;

/** An attached program. Closing detaches it; its object closes it too if it is still open. */
public final class BpfLink implements AutoCloseable {

    private final LibBpf lib;
    private final MemorySegment link;
    private final String programName;
    private boolean closed;

    BpfLink(LibBpf lib, MemorySegment link, String programName) {
        this.lib = lib;
        this.link = link;
        this.programName = programName;
    }

    /** Closes every link of the list, newest (last) first, and empties it. */
    public static void closeNewestFirst(java.util.List<BpfLink> links) {
        for (int i = links.size() - 1; i >= 0; i--) {
            links.get(i).close();
        }
        links.clear();
    }

    public String programName() {
        return programName;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Detaches once; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        lib.linkDestroy(link);
    }

    @Override
    public String toString() {
        return "BpfLink[" + programName + (closed ? ", closed" : "") + "]";
    }
}
