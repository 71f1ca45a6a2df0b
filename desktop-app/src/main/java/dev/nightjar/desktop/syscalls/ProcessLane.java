package dev.nightjar.desktop.syscalls;

import java.util.List;

/**
 * One row of the timeline: a process on a node and its spans in the window, oldest first.
 *
 * @param droppedSpans spans of this process in the window left out to keep the lane bounded (the oldest go)
 */
public record ProcessLane(String node, int pid, String comm, List<TimelineSpan> spans, long droppedSpans) {

    public String label() {
        return comm + " (" + pid + ")";
    }
}
