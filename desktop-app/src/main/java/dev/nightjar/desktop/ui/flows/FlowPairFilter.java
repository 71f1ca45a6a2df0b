package dev.nightjar.desktop.ui.flows;

import dev.nightjar.desktop.flows.FlowRow;
import dev.nightjar.desktop.naming.FlowEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The filter text for "flows between this client and this server": by pod where the
 * cluster names one (so every pod of a workload is not included), else by address;
 * the server's port, and the protocol.
 */
final class FlowPairFilter {

    private FlowPairFilter() {
    }

    static String of(FlowRow row) {
        List<String> terms = new ArrayList<>();
        terms.add(side("from-", row.source()));
        terms.add(side("to-", row.destination()));
        terms.add("to-port=" + row.destination().port());
        terms.add("proto=" + row.protocol().toLowerCase(Locale.ROOT));
        return String.join(" ", terms);
    }

    private static String side(String prefix, FlowEndpoint e) {
        return e.pod().isEmpty() ? prefix + "ip=" + e.ip() : prefix + "pod=" + e.namespace() + "/" + e.pod();
    }
}
