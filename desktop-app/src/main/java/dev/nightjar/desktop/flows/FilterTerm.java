package dev.nightjar.desktop.flows;

import dev.nightjar.desktop.naming.FlowEndpoint;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** One AND-ed part of a flow filter. */
sealed interface FilterTerm {

    boolean test(FlowRow row);

    /** The term as the user would type it; parsing it again gives the same term. */
    String text();

    enum Side { EITHER, FROM, TO }

    /** {@code [!][from-|to-]field=value[,value...]}: any value may match (OR). */
    record FieldTerm(boolean negated, Side side, FlowField field, List<ValueMatcher> values) implements FilterTerm {

        @Override
        public boolean test(FlowRow row) {
            return negated != matchesPositively(row);
        }

        private boolean matchesPositively(FlowRow row) {
            if (!field.perSide()) {
                return anyValue(rowValue(row));
            }
            boolean from = side != Side.TO && matchesEndpoint(row.source());
            boolean to = side != Side.FROM && matchesEndpoint(row.destination());
            return from || to;
        }

        private boolean matchesEndpoint(FlowEndpoint e) {
            return switch (field) {
                case NAMESPACE -> anyValue(e.namespace());
                case POD -> anyValue(e.pod()) || (!e.pod().isEmpty() && anyValue(e.namespace() + "/" + e.pod()));
                case WORKLOAD -> anyValue(e.workload()) || (!e.workload().isEmpty() && anyValue(e.namespace() + "/" + e.workload()));
                case SERVICE -> anyValue(e.service()) || (!e.service().isEmpty() && anyValue(e.namespace() + "/" + e.service()));
                case IP -> anyValue(e.ip());
                case PORT -> values.stream().anyMatch(v -> v.matchesPort(e.port()));
                default -> false;
            };
        }

        private String rowValue(FlowRow row) {
            return switch (field) {
                case PROTOCOL -> row.protocol();
                case STATE -> row.tcpState();
                case NODE -> row.node();
                case PROCESS -> row.comm();
                case VERDICT -> row.verdict();
                case ROLE -> row.role();
                default -> "";
            };
        }

        private boolean anyValue(String text) {
            return values.stream().anyMatch(v -> v.matches(text == null ? "" : text));
        }

        @Override
        public String text() {
            String prefix = switch (side) {
                case EITHER -> "";
                case FROM -> "from-";
                case TO -> "to-";
            };
            return (negated ? "!" : "") + prefix + field.canonicalName() + "="
                    + values.stream().map(FilterTerm::rawOf).collect(Collectors.joining(","));
        }
    }

    /** Free text: a case-insensitive substring of any label of the row. */
    record TextTerm(boolean negated, String needle) implements FilterTerm {

        @Override
        public boolean test(FlowRow row) {
            String lower = needle.toLowerCase(Locale.ROOT);
            boolean hit = contains(row.source().label(), lower) || contains(row.destination().label(), lower)
                    || contains(row.comm(), lower) || contains(row.node(), lower)
                    || contains(row.source().workload(), lower) || contains(row.destination().workload(), lower);
            return negated != hit;
        }

        private static boolean contains(String haystack, String lowerNeedle) {
            return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(lowerNeedle);
        }

        @Override
        public String text() {
            boolean plain = !needle.isEmpty() && needle.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '=');
            String body = plain ? needle : "\"" + needle.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            return (negated ? "!" : "") + body;
        }
    }

    private static String rawOf(ValueMatcher v) {
        return switch (v) {
            case ValueMatcher.Glob g -> g.raw();
            case ValueMatcher.PortRange p -> p.raw();
            case ValueMatcher.Cidr c -> c.raw();
        };
    }
}
