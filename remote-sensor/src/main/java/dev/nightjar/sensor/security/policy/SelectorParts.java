package dev.nightjar.sensor.security.policy;

import static dev.nightjar.sensor.security.policy.YamlNodes.bool;
import static dev.nightjar.sensor.security.policy.YamlNodes.mapping;
import static dev.nightjar.sensor.security.policy.YamlNodes.refuse;
import static dev.nightjar.sensor.security.policy.YamlNodes.scalar;
import static dev.nightjar.sensor.security.policy.YamlNodes.scalars;

import dev.nightjar.protocol.text.CapabilityNames;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** matchNamespaces, matchCapabilities and matchActions entries. */
final class SelectorParts {

    private SelectorParts() {
    }

    static boolean inOrNotIn(Node node, String path) {
        String op = scalar(node, path);
        return switch (op) {
            case "In" -> true;
            case "NotIn" -> false;
            default -> throw refuse(node, path, "operator '" + op + "' is not in the subset (In, NotIn)");
        };
    }

    static Selector.NamespaceMatch namespace(Node node, String path) {
        Map<String, Node> m = mapping(node, path, Set.of("namespace", "operator", "values"));
        PolicyParser.require(m, node, path, "namespace", "operator", "values");
        String name = scalar(m.get("namespace"), path + ".namespace");
        NamespaceType type = null;
        for (NamespaceType candidate : NamespaceType.values()) {
            if (candidate.yamlName.equals(name)) {
                type = candidate;
            }
        }
        if (type == null) {
            throw refuse(m.get("namespace"), path + ".namespace", "namespace '" + name
                    + "' is not one of Net, Pid, Mnt, Uts, Ipc, Cgroup, User");
        }
        boolean in = inOrNotIn(m.get("operator"), path + ".operator");
        boolean hostNs = false;
        List<Long> inodes = new java.util.ArrayList<>();
        for (String value : scalars(m.get("values"), path + ".values")) {
            if (value.equals("host_ns")) {
                hostNs = true;
                continue;
            }
            try {
                inodes.add(Long.parseLong(value));
            } catch (NumberFormatException e) {
                throw refuse(m.get("values"), path + ".values", "'" + value + "' is neither host_ns nor a namespace"
                        + " inode number");
            }
        }
        return new Selector.NamespaceMatch(type, in, inodes, hostNs);
    }

    static Selector.CapabilityMatch capability(Node node, String path) {
        Map<String, Node> m = mapping(node, path, Set.of("type", "operator", "values", "isNamespaceCapability"));
        PolicyParser.require(m, node, path, "operator", "values");
        boolean effective = true;
        if (m.containsKey("type")) {
            String type = scalar(m.get("type"), path + ".type");
            if (!type.equals("Effective") && !type.equals("Permitted")) {
                throw refuse(m.get("type"), path + ".type", "type '" + type + "' is not in the subset (Effective,"
                        + " Permitted)");
            }
            effective = type.equals("Effective");
        }
        if (m.containsKey("isNamespaceCapability") && bool(m.get("isNamespaceCapability"),
                path + ".isNamespaceCapability")) {
            throw refuse(m.get("isNamespaceCapability"), path + ".isNamespaceCapability",
                    "namespace capabilities are not in the subset");
        }
        long mask = 0;
        for (String value : scalars(m.get("values"), path + ".values")) {
            int bit = CapabilityNames.bit(value);
            if (bit < 0) {
                throw refuse(m.get("values"), path + ".values", "'" + value + "' is not a capability name"
                        + " (e.g. CAP_SYS_ADMIN)");
            }
            mask |= 1L << bit;
        }
        return new Selector.CapabilityMatch(effective, inOrNotIn(m.get("operator"), path + ".operator"), mask);
    }

    /** Only Post is in the subset (observe only); its stack flags go into {@code stacks} (kernel, user). */
    static void action(Node node, String path, boolean[] stacks) {
        Map<String, Node> m = mapping(node, path, Set.of("action", "kernelStackTrace", "userStackTrace", "rateLimit"));
        PolicyParser.require(m, node, path, "action");
        String action = scalar(m.get("action"), path + ".action");
        if (!action.equals("Post")) {
            throw refuse(m.get("action"), path + ".action", "action '" + action + "' is not in the subset: this"
                    + " sensor only observes (Post); it never blocks, kills or overrides");
        }
        if (m.containsKey("rateLimit")) {
            throw refuse(m.get("rateLimit"), path + ".rateLimit", "rateLimit is not in the subset: the sensor"
                    + " rate-limits every (policy, process) itself and reports suppressed counts");
        }
        if (m.containsKey("kernelStackTrace")) {
            stacks[0] |= bool(m.get("kernelStackTrace"), path + ".kernelStackTrace");
        }
        if (m.containsKey("userStackTrace")) {
            stacks[1] |= bool(m.get("userStackTrace"), path + ".userStackTrace");
        }
    }

    static String capabilityName(int bit) {
        return CapabilityNames.name(bit);
    }
}
