package dev.nightjar.desktop.drops;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A generic, honest entry for a reason name the catalogue does not list —
 * typically a reason added by a kernel newer than the catalogue, or a
 * subsystem's own reason (Open vSwitch, mac80211). Nothing here pretends to
 * know more than the name says.
 */
final class UnknownDropReason {

    /** Words kept in capitals when a name is turned into a title. */
    private static final Set<String> ACRONYMS = Set.of(
            "TCP", "UDP", "IP", "IPV4", "IPV6", "ICMP", "XDP", "TC", "BPF", "MAC", "ARP", "VXLAN", "GRE", "GENEVE",
            "FQ", "CAKE", "QDISC", "SKB", "GSO", "MTU", "TTL", "RST", "SYN", "ACK", "OFO", "PAWS", "MD5", "AO",
            "CPU", "PSP", "CAN", "CANFD", "CANXL", "STP", "ECN", "NDISC", "XFRM", "OVS", "LSM", "SEG6", "SRH");

    private UnknownDropReason() {
    }

    static DropReasonInfo describe(String normalizedName, String referenceKernel) {
        if (normalizedName.isEmpty()) {
            return new DropReasonInfo("", List.of(), "Unnamed drop reason",
                    "The sensor reported a drop without a reason name, so Nightjar cannot say which kernel check "
                            + "dropped the packet. The kernel location shown with the drop is the best clue.",
                    List.of("The sensor could not read the reason names from this kernel's BTF.",
                            "A subsystem-specific reason value that has no name in the core enum."),
                    List.of("Look at the kernel location symbol reported with the drop.",
                            "Check the sensor's feature report for BTF problems."),
                    DropCategory.OTHER, DropSeverity.ACTIONABLE, "", "", "", false);
        }
        String kernel = referenceKernel.isEmpty() ? "the catalogue's reference kernel" : "Linux " + referenceKernel;
        DropCategory category = DropCategoryGuess.of(normalizedName);
        return new DropReasonInfo(normalizedName, List.of(), titleOf(normalizedName),
                "The kernel dropped the packet with reason " + normalizedName + ", which Nightjar's catalogue "
                        + "does not describe: this kernel is probably newer than the catalogue (written for "
                        + kernel + "), or the reason belongs to a subsystem with its own reasons. "
                        + "The category below is a guess from the name.",
                List.of("Whatever the kernel check named " + normalizedName + " tests for; read its comment in "
                        + "include/net/dropreason-core.h of the running kernel (uname -r)."),
                List.of("Look at the kernel location symbol reported with the drop and search for it in the "
                                + "kernel source of the running version.",
                        "`nstat -az | grep -i drop` and `ip -s link show` to see which counters move with it."),
                category, DropSeverity.ACTIONABLE, "",
                "", "Not in Nightjar's catalogue; this kernel is newer than the catalogue.", false);
    }

    /** NEIGH_QUEUEFULL -> "Neigh queuefull", TCP_OLD_ACK -> "TCP old ACK". */
    static String titleOf(String normalizedName) {
        String[] words = normalizedName.split("_+");
        StringBuilder title = new StringBuilder();
        for (String word : words) {
            if (word.isEmpty()) {
                continue;
            }
            boolean first = title.isEmpty();
            if (!first) {
                title.append(' ');
            }
            if (ACRONYMS.contains(word)) {
                title.append(word);
            } else {
                String lower = word.toLowerCase(Locale.ROOT);
                title.append(first ? Character.toUpperCase(lower.charAt(0)) + lower.substring(1) : lower);
            }
        }
        return title.isEmpty() ? normalizedName : title.toString();
    }
}
