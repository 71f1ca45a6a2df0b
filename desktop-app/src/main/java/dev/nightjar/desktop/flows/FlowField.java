package dev.nightjar.desktop.flows;

import dev.nightjar.protocol.v1.TcpState;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The fields a flow filter can name, with the spellings users type (after {@code hubble observe}). */
public enum FlowField {
    NAMESPACE(true, "ns", "namespace"),
    POD(true, "pod"),
    WORKLOAD(true, "workload"),
    SERVICE(true, "svc", "service"),
    IP(true, "ip"),
    PORT(true, "port"),
    PROTOCOL(false, "proto", "protocol"),
    STATE(false, "state"),
    NODE(false, "node"),
    PROCESS(false, "comm", "process"),
    VERDICT(false, "verdict"),
    ROLE(false, "role");

    /** What a protocol may be: flows are layer 4 (no HTTP, DNS or gRPC yet). */
    private static final List<String> ROLES = List.of("client", "server", "both");

    private final boolean perSide;
    private final List<String> names;

    FlowField(boolean perSide, String... names) {
        this.perSide = perSide;
        this.names = List.of(names);
    }

    /**
     * The values a field can have, for the fields that have a fixed set: a value (or glob)
     * that matches none of them is a mistake the filter reports, instead of an empty table.
     */
    public Optional<List<String>> knownValues() {
        return switch (this) {
            case PROTOCOL -> Optional.of(dev.nightjar.desktop.capture.WireNames.PROTOCOLS);
            case STATE -> Optional.of(Arrays.stream(TcpState.values())
                    .filter(s -> s != TcpState.TCP_STATE_UNSPECIFIED && s != TcpState.UNRECOGNIZED)
                    .map(s -> s.name().substring("TCP_STATE_".length())).toList());
            case VERDICT -> Optional.of(Verdicts.ALL);
            case ROLE -> Optional.of(ROLES);
            default -> Optional.empty();
        };
    }

    /** Whether the field describes one endpoint, so {@code from-}/{@code to-} make sense. */
    public boolean perSide() {
        return perSide;
    }

    public String canonicalName() {
        return names.getFirst();
    }

    public static Optional<FlowField> byName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (FlowField f : values()) {
            if (f.names.contains(lower)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    public static String allNames() {
        StringBuilder sb = new StringBuilder();
        for (FlowField f : values()) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(f.canonicalName());
        }
        return sb.toString();
    }
}
