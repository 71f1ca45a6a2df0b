package dev.nightjar.desktop.drops;

import java.util.List;
import java.util.function.Predicate;

/**
 * Guesses the category of a reason name the catalogue does not know, from the
 * way kernel developers name reasons (prefixes such as {@code TCP_}, {@code NEIGH_},
 * suffixes such as {@code _CSUM}). First matching rule wins; the order matters
 * ({@code IP_TUNNEL_ECN} is a tunnel reason before it is an IP one).
 */
final class DropCategoryGuess {

    private record Rule(Predicate<String> test, DropCategory category) {
    }

    private static final List<Rule> RULES = List.of(
            rule(n -> n.contains("CSUM") || n.contains("HDR") || n.contains("TOO_SMALL")
                    || n.contains("INVALID_FRAME") || n.contains("TRUNC"), DropCategory.MALFORMED),
            rule(n -> startsWithAny(n, "VXLAN_", "GENEVE_", "GRE_", "TNL_", "TUNNEL_", "IP_TUNNEL_", "IPIP_",
                    "WIREGUARD_", "SEG6_"), DropCategory.TUNNEL),
            rule(n -> startsWithAny(n, "TC_", "NETFILTER", "NF_", "BPF_", "XDP", "SECURITY", "XFRM_", "PSP_",
                    "SOCKET_FILTER", "TAP_"), DropCategory.POLICY),
            rule(n -> startsWithAny(n, "QDISC_", "FQ_", "CAKE_", "DUALPI2_", "CODEL_", "PIE_", "RED_")
                    || n.contains("BACKLOG") || n.contains("NOMEM") || n.contains("LIMIT") || n.contains("FULL")
                    || n.contains("RCVBUF") || n.contains("MEM"), DropCategory.RESOURCE),
            rule(n -> startsWithAny(n, "TCP_", "MPTCP_"), DropCategory.TCP_PROTOCOL),
            rule(n -> startsWithAny(n, "NO_SOCKET", "SOCKET_", "UNIX_"), DropCategory.NO_LISTENER),
            rule(n -> startsWithAny(n, "NEIGH_", "IP_", "IPV6_", "ARP_", "MAC_", "BRIDGE_", "FRAG_", "ICMP_")
                    || n.contains("ROUTE") || n.contains("MTU"), DropCategory.ROUTING));

    private DropCategoryGuess() {
    }

    static DropCategory of(String normalizedName) {
        for (Rule rule : RULES) {
            if (rule.test().test(normalizedName)) {
                return rule.category();
            }
        }
        return DropCategory.OTHER;
    }

    private static Rule rule(Predicate<String> test, DropCategory category) {
        return new Rule(test, category);
    }

    private static boolean startsWithAny(String name, String... prefixes) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
