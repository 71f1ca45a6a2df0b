package dev.nightjar.desktop.flows;

import java.util.List;

/** The client -> server:port pairs that moved the most bytes among the rows shown ({@link FlowGroups}). */
public final class TopTalkers {

    /** Bytes both ways between a client and a server port, over {@code connections} connections. */
    public record Talker(String source, String destination, long bytes, long connections) {
    }

    private TopTalkers() {
    }

    public static List<Talker> of(List<FlowRow> rows, int limit) {
        return FlowGroups.topPairs(rows, limit).stream()
                .map(g -> new Talker(g.source(), g.destinationAndPort(), g.bytes(), g.connections()))
                .toList();
    }
}
