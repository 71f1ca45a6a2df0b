package dev.nightjar.desktop.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Warnings for a node, from what the API server says about it before anything is deployed:
 * nodes no sensor can run on ({@link NodePlatforms}: Windows, Fargate and other virtual
 * kubelets, GKE Autopilot), NotReady or unreachable nodes, an architecture the sensor image
 * is not built for, kernel features that are probably missing, pressure and cordons, and a
 * Nightjar sensor of another session already there. BLOCKING ones disable Start.
 *
 * <p>Kernel features are judged by version only where the version says something: a
 * mainline-numbered kernel (Ubuntu, Debian, Amazon Linux, Bottlerocket, COS) gets a
 * DEGRADED warning per feature its version predates. Red Hat family kernels (RHEL, CentOS,
 * Rocky, Alma, Oracle, RHCOS: {@code .el8}, {@code .el9}, …) carry BPF features backported
 * far beyond their version (RHEL 8's 4.18 has BTF and the ring buffer), so there the version
 * is not held against them: a NOTE says the sensor reports what it could start. That report
 * (the sensor's GetInfo, on the node card) is the authority once the sensor runs.
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
    /** Red Hat family kernel releases: 4.18.0-513.24.1.el8_9.x86_64, 5.14.0-427.el9, 5.15.0-206.el8uek. */
    private static final Pattern BACKPORTING_KERNEL = Pattern.compile("\\.el\\d+|uek");
    private static final List<String> BACKPORTING_OS = List.of("red hat", "centos", "rocky", "almalinux",
            "oracle linux", "rhcos");
    /** Backports start from a BPF-capable base: RHEL 8's 4.18. RHEL 7's 3.10 is judged by its version. */
    private static final int BACKPORT_BASE_MAJOR = 4;
    private static final int BACKPORT_BASE_MINOR = 18;

    private NodeWarnings() {
    }

    /**
     * @param ownSession the session id of this desktop's session, if one runs, so its own sensor is not reported
     */
    public static List<NodeWarning> check(NodeSummary node, Optional<String> ownSession) {
        List<NodeWarning> warnings = new ArrayList<>(readiness(node));
        warnings.addAll(NodePlatforms.blocking(node));
        if (!IMAGE_ARCHITECTURES.contains(node.architecture())) {
            warnings.add(new NodeWarning(NodeWarning.Kind.BLOCKING, "Node " + node.name() + " is "
                    + (node.architecture().isEmpty() ? "of unknown architecture" : node.architecture())
                    + "; the sensor image is published for " + new TreeSet<>(IMAGE_ARCHITECTURES) + " only."));
        }
        if (!"windows".equals(node.operatingSystem())) {
            warnings.addAll(kernelWarnings(node));
        }
        for (String pressure : node.health().pressures()) {
            warnings.add(new NodeWarning(NodeWarning.Kind.NOTE, "Node " + node.name() + " reports " + pressure
                    + ": the kubelet may refuse or evict new pods there, the sensor included."));
        }
        if (node.health().cordoned()) {
            warnings.add(new NodeWarning(NodeWarning.Kind.NOTE, "Node " + node.name() + " is cordoned; the sensor"
                    + " still runs there (its pod is bound to the node, not scheduled)."));
        }
        Set<String> others = new TreeSet<>(node.nightjarSessions());
        ownSession.ifPresent(others::remove);
        if (!others.isEmpty()) {
            warnings.add(new NodeWarning(NodeWarning.Kind.NOTE, "Node " + node.name()
                    + " already runs a Nightjar sensor of another session (" + String.join(", ", others)
                    + "); both will work, each costs its own CPU and memory."));
        }
        return warnings;
    }

    /** NotReady (the kubelet says so) and Unknown (the kubelet stopped reporting) both block at once. */
    private static List<NodeWarning> readiness(NodeSummary node) {
        if (node.ready()) {
            return List.of();
        }
        String why = node.health().readyMessage().isEmpty() ? "" : " (" + node.health().readyMessage() + ")";
        String what = "Unknown".equals(node.health().readyStatus())
                ? "its kubelet stopped reporting" + why + ", so the node is down or unreachable and the sensor pod"
                        + " would never start there"
                : "the sensor pod would never start there" + why;
        return List.of(new NodeWarning(NodeWarning.Kind.BLOCKING, "Node " + node.name() + " is NotReady: " + what
                + ". Pick a Ready node."));
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
        if (backports(node) && atLeast(major, minor, BACKPORT_BASE_MAJOR, BACKPORT_BASE_MINOR)
                && !atLeast(major, minor, 6, 3)) {
            return List.of(new NodeWarning(NodeWarning.Kind.NOTE, "Node " + node.name() + " runs kernel "
                    + node.kernelVersion() + ", a Red Hat family kernel with BPF features backported beyond its"
                    + " version: the sensor checks each feature when it starts and reports any it could not start"
                    + " (on the node card)."));
        }
        List<NodeWarning> out = new ArrayList<>();
        for (KernelFeature f : KERNEL_FEATURES) {
            if (!atLeast(major, minor, f.major(), f.minor())) {
                out.add(new NodeWarning(NodeWarning.Kind.DEGRADED, "Node " + node.name() + " runs kernel "
                        + node.kernelVersion() + ": no " + f.feature() + " (needs " + f.major() + "." + f.minor()
                        + " or newer; " + f.why() + ")."));
            }
        }
        return out;
    }

    private static boolean backports(NodeSummary node) {
        String os = node.osImage().toLowerCase(Locale.ROOT);
        return BACKPORTING_KERNEL.matcher(node.kernelVersion()).find() || BACKPORTING_OS.stream().anyMatch(os::contains);
    }

    private static boolean atLeast(int major, int minor, int wantMajor, int wantMinor) {
        return major > wantMajor || (major == wantMajor && minor >= wantMinor);
    }
}
