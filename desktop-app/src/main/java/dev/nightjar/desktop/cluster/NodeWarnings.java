package dev.nightjar.desktop.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Warnings for a node: a kernel too old for some sensor features (naming the feature
 * and the version it needs), an architecture the sensor image is not built for,
 * NotReady, and a Nightjar sensor of another session already on it.
 */
public final class NodeWarnings {

    /** The sensor image is published for these {@code kubernetes.io/arch} values. */
    public static final Set<String> IMAGE_ARCHITECTURES = Set.of("amd64", "arm64");

    /** A sensor feature and the first kernel that has what it needs. */
    record KernelFeature(String feature, int major, int minor, String why) {
    }

    // Ordered oldest requirement first: a kernel below 5.5 misses all of them.
    static final List<KernelFeature> KERNEL_FEATURES = List.of(
            new KernelFeature("BTF-based tracing (tp_btf) for drops and flows", 5, 5,
                    "tp_btf programs need kernel BTF, added in 5.5"),
            new KernelFeature("the BPF ring buffer for discrete events", 5, 8,
                    "BPF_MAP_TYPE_RINGBUF arrived in 5.8"),
            new KernelFeature("kernel drop reasons", 5, 17,
                    "the reason argument of skb:kfree_skb arrived in 5.17; older kernels show drops without a reason"),
            new KernelFeature("per-message send sizes (sock_send_length)", 6, 3,
                    "the sock:sock_send_length tracepoint arrived in 6.3"));

    private static final Pattern KERNEL = Pattern.compile("^(\\d+)\\.(\\d+)");

    private NodeWarnings() {
    }

    /**
     * @param ownSession the session id of this desktop's session, if one runs, so its own sensor is not reported
     */
    public static List<NodeWarning> check(NodeSummary node, Optional<String> ownSession) {
        List<NodeWarning> warnings = new ArrayList<>();
        if (!node.ready()) {
            warnings.add(new NodeWarning(NodeWarning.Kind.BLOCKING,
                    "Node " + node.name() + " is NotReady: the sensor pod may never start there."));
        }
        if (!IMAGE_ARCHITECTURES.contains(node.architecture())) {
            warnings.add(new NodeWarning(NodeWarning.Kind.BLOCKING, "Node " + node.name() + " is "
                    + (node.architecture().isEmpty() ? "of unknown architecture" : node.architecture())
                    + "; the sensor image is published for " + new TreeSet<>(IMAGE_ARCHITECTURES) + " only."));
        }
        warnings.addAll(kernelWarnings(node));
        Set<String> others = new TreeSet<>(node.nightjarSessions());
        ownSession.ifPresent(others::remove);
        if (!others.isEmpty()) {
            warnings.add(new NodeWarning(NodeWarning.Kind.NOTE, "Node " + node.name()
                    + " already runs a Nightjar sensor of another session (" + String.join(", ", others)
                    + "); both will work, each costs its own CPU and memory."));
        }
        return warnings;
    }

    static List<NodeWarning> kernelWarnings(NodeSummary node) {
        Matcher m = KERNEL.matcher(node.kernelVersion());
        if (!m.find()) {
            return List.of(new NodeWarning(NodeWarning.Kind.NOTE, "Node " + node.name()
                    + " reports no kernel version we can read (\"" + node.kernelVersion()
                    + "\"); the sensor will report which features it could start."));
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        List<NodeWarning> out = new ArrayList<>();
        for (KernelFeature f : KERNEL_FEATURES) {
            if (major < f.major() || (major == f.major() && minor < f.minor())) {
                out.add(new NodeWarning(NodeWarning.Kind.DEGRADED, "Node " + node.name() + " runs kernel "
                        + node.kernelVersion() + ": no " + f.feature() + " (needs " + f.major() + "." + f.minor()
                        + " or newer; " + f.why() + ")."));
            }
        }
        return out;
    }
}
