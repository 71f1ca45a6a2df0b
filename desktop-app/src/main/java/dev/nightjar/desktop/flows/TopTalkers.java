package dev.nightjar.desktop.flows;

import dev.nightjar.desktop.naming.FlowEndpoint;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The endpoint pairs that moved the most bytes among the rows shown. */
public final class TopTalkers {

    /** Bytes both ways between a source and a destination (ports of the client side ignored). */
    public record Talker(String source, String destination, long bytes, int flows) {
    }

    private TopTalkers() {
    }

    public static List<Talker> of(List<FlowRow> rows, int limit) {
        Map<List<String>, long[]> totals = new HashMap<>();
        for (FlowRow r : rows) {
            List<String> key = List.of(withoutPort(r.source()), r.destination().label());
            long[] acc = totals.computeIfAbsent(key, k -> new long[2]);
            acc[0] += r.bytesSent() + r.bytesReceived();
            acc[1]++;
        }
        return totals.entrySet().stream()
                .map(e -> new Talker(e.getKey().get(0), e.getKey().get(1), e.getValue()[0], (int) e.getValue()[1]))
                .sorted(Comparator.comparingLong(Talker::bytes).reversed()
                        .thenComparing(Talker::source).thenComparing(Talker::destination))
                .limit(limit)
                .toList();
    }

    /** The connecting side's port is ephemeral: group by who it is, not by which port it drew. */
    private static String withoutPort(FlowEndpoint e) {
        if (!e.pod().isEmpty()) {
            return e.namespace() + "/" + e.pod();
        }
        if (!e.service().isEmpty()) {
            return "svc " + e.namespace() + "/" + e.service();
        }
        return e.ip();
    }
}
