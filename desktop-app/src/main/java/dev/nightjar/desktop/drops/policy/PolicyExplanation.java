package dev.nightjar.desktop.drops.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns a verdict and its evidence into the one sentence the Drops view shows. */
final class PolicyExplanation {

    private static final String ANOTHER_CAUSE = "the drop has another cause";

    private PolicyExplanation() {
    }

    static String denied(DirectionResult denied, Optional<DirectionResult> otherSide, PacketFlow flow) {
        List<PolicyRef> policies = denied.selectingPolicies();
        StringBuilder text = new StringBuilder("Likely blocked by NetworkPolic")
                .append(policies.size() == 1 ? "y " : "ies ")
                .append(joinWords(policies.stream().map(PolicyRef::toString).toList()))
                .append(": no ").append(denied.direction().word()).append(" rule admits ");
        if (denied.direction() == PolicyDirection.INGRESS) {
            text.append(denied.peer().describe()).append(" to ").append(denied.subject().describe());
        } else {
            text.append(denied.subject().describe()).append(" to ").append(denied.peer().describe());
        }
        text.append(" on ").append(portWords(flow));
        otherSide.filter(other -> !other.allowed()).ifPresent(other -> text.append(" (and ")
                .append(joinWords(other.selectingPolicies().stream().map(PolicyRef::toString).toList()))
                .append(" would block it on ").append(other.direction().word()).append(" too)"));
        appendProtocolCaveat(text, flow);
        return text.append('.').toString();
    }

    static String allowed(List<DirectionResult> isolatedSides, PacketFlow flow) {
        List<String> rules = new ArrayList<>();
        List<String> exemptions = new ArrayList<>();
        List<AdmittingRule> caveats = new ArrayList<>();
        for (DirectionResult side : isolatedSides) {
            if (side.exemption().isPresent()) {
                if (!exemptions.contains(side.exemption().get())) {
                    exemptions.add(side.exemption().get());
                }
            } else {
                AdmittingRule rule = side.admittedBy().orElseThrow();
                rules.add(rule.describe());
                if (rule.ipBlockMatchedPodIp()) {
                    caveats.add(rule);
                }
            }
        }
        StringBuilder text = new StringBuilder("Allowed");
        if (!rules.isEmpty()) {
            text.append(" by ").append(joinWords(rules));
        }
        if (!exemptions.isEmpty()) {
            text.append(rules.isEmpty() ? " because " : " and because ").append(joinWords(exemptions));
        }
        text.append("; ").append(ANOTHER_CAUSE);
        for (AdmittingRule caveat : caveats) {
            text.append("; note that ").append(caveat.describe()).append(" matched ").append(caveat.peer())
                    .append(" on a pod IP, which Kubernetes leaves to the network plugin")
                    .append(" (ipBlock is meant for cluster-external addresses)");
        }
        appendProtocolCaveat(text, flow);
        return text.append('.').toString();
    }

    static String notIsolated(Optional<DirectionResult> egress, Optional<DirectionResult> ingress, PacketFlow flow) {
        List<String> sides = new ArrayList<>();
        ingress.ifPresent(i -> sides.add(i.subject().describe() + " for ingress"));
        egress.ifPresent(e -> sides.add(e.subject().describe() + " for egress"));
        StringBuilder text = new StringBuilder("No NetworkPolicy isolates ").append(String.join(" or ", sides));
        if (ingress.isEmpty()) {
            text.append(" (").append(IpLiterals.format(flow.destination())).append(" is not a known pod)");
        }
        if (egress.isEmpty()) {
            text.append(" (").append(IpLiterals.format(flow.source())).append(" is not a known pod)");
        }
        return text.append(", so NetworkPolicies allow this traffic; ").append(ANOTHER_CAUSE).append('.').toString();
    }

    static String unknownEndpoints(PacketFlow flow) {
        return "Neither " + IpLiterals.format(flow.source()) + " nor " + IpLiterals.format(flow.destination())
                + " is the IP of a known pod (Service, node and hostNetwork addresses are not pod IPs),"
                + " so NetworkPolicies cannot be evaluated for this drop.";
    }

    private static String portWords(PacketFlow flow) {
        return flow.protocol().hasPorts() ? flow.protocol() + " " + flow.destinationPort() : flow.protocol().toString();
    }

    private static void appendProtocolCaveat(StringBuilder text, PacketFlow flow) {
        if (!flow.protocol().hasPorts()) {
            text.append("; NetworkPolicy is defined for TCP, UDP and SCTP, so network plugins may treat ")
                    .append(flow.protocol()).append(" differently");
        }
    }

    /** "a", "a and b", "a, b and c" */
    private static String joinWords(List<String> items) {
        if (items.size() <= 1) {
            return String.join("", items);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.getLast();
    }
}
