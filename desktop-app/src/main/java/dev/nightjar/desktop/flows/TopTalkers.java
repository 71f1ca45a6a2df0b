package dev.nightjar.desktop.flows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** The rows each of {@code talkers} sums (what its pair covers, whatever the protocol), in row order. */
    public static Map<Talker, List<FlowRow>> rowsOf(List<FlowRow> rows, List<Talker> talkers) {
        Map<List<String>, List<FlowRow>> byPair = new HashMap<>();
        for (Talker t : talkers) {
            byPair.put(List.of(t.source(), t.destination()), new ArrayList<>());
        }
        for (FlowRow r : rows) {
            List<FlowRow> of = byPair.get(List.of(FlowGroups.client(r.source()),
                    FlowGroups.server(r.destination()) + ":" + r.destination().port()));
            if (of != null) {
                of.add(r);
            }
        }
        Map<Talker, List<FlowRow>> result = new LinkedHashMap<>();
        for (Talker t : talkers) {
            result.put(t, byPair.get(List.of(t.source(), t.destination())));
        }
        return result;
    }
}
