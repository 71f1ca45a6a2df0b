package dev.nightjar.desktop.flows;

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
    PROCESS(false, "comm", "process");

    private final boolean perSide;
    private final List<String> names;

    FlowField(boolean perSide, String... names) {
        this.perSide = perSide;
        this.names = List.of(names);
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
