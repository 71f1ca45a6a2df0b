package dev.nightjar.desktop.drops;

import dev.nightjar.desktop.capture.WireNames;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.naming.FlowEndpoint;
import dev.nightjar.desktop.textfilter.TextFilter;
import dev.nightjar.desktop.textfilter.TextFilterException;
import dev.nightjar.protocol.text.IpAddressText;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Drops page's filter (see {@link TextFilter} for the language): which drop records
 * are grouped. Fields: reason, node, ip, port, proto, pod, ns, location, iface; free
 * text matches the reason and its title, the node, both endpoints and the kernel location.
 */
public final class DropFilter {

    /** One drop record with its endpoints named, as the filter reads it. */
    public record Row(SensorEvent event, String reasonTitle, FlowEndpoint source, FlowEndpoint destination) {

        DropEvent drop() {
            return event.getDrop();
        }
    }

    private static final TextFilter.Fields<Row> FIELDS = fields();

    private DropFilter() {
    }

    private static TextFilter.Fields<Row> fields() {
        Map<String, Function<Row, List<String>>> byName = new LinkedHashMap<>();
        byName.put("reason", r -> List.of(r.drop().getReasonName()));
        byName.put("node", r -> List.of(r.event().getNode()));
        byName.put("ip", r -> List.of(r.source().ip(), r.destination().ip()));
        byName.put("port", r -> List.of(Integer.toString(r.source().port()), Integer.toString(r.destination().port())));
        byName.put("proto", r -> List.of(WireNames.protocol(r.drop().getTuple().getProtocol())));
        byName.put("pod", r -> List.of(podOf(r.source()), podOf(r.destination()), r.source().pod(),
                r.destination().pod()));
        byName.put("ns", r -> List.of(r.source().namespace(), r.destination().namespace()));
        byName.put("location", r -> List.of(r.drop().getLocation()));
        byName.put("iface", r -> List.of(r.drop().getIfname()));
        return new TextFilter.Fields<>(Map.copyOf(byName), r -> List.of(r.drop().getReasonName(), r.reasonTitle(),
                r.event().getNode(), r.source().label(), r.destination().label(), r.drop().getLocation(),
                r.drop().getIfname()),
                // A protocol the Drops page can never show (proto=http) is refused, not an empty table.
                Map.of("proto", WireNames.PROTOCOLS));
    }

    private static String podOf(FlowEndpoint e) {
        return e.pod().isEmpty() ? "" : e.namespace() + "/" + e.pod();
    }

    public static TextFilter<Row> everything() {
        return TextFilter.everything(FIELDS);
    }

    public static TextFilter<Row> parse(String text) throws TextFilterException {
        return TextFilter.parse(text, FIELDS);
    }

    /** The drop records {@code filter} lets through, in their order. */
    public static List<SensorEvent> keep(List<SensorEvent> drops, TextFilter<Row> filter, DropReasonCatalog catalog,
                                         EndpointNamer namer) {
        List<SensorEvent> kept = new ArrayList<>();
        for (SensorEvent e : drops) {
            if (!e.hasDrop()) {
                continue;
            }
            FiveTuple t = e.getDrop().getTuple();
            Row row = new Row(e, catalog.describe(e.getDrop().getReasonName()).title(),
                    namer.name(IpAddressText.of(t.getSrcAddr()), t.getSrcPort()),
                    namer.name(IpAddressText.of(t.getDstAddr()), t.getDstPort()));
            if (filter.test(row)) {
                kept.add(e);
            }
        }
        return kept;
    }
}
