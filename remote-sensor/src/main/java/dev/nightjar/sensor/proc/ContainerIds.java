package dev.nightjar.sensor.proc;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Container ids and pod UIDs read from a cgroup path, for containerd, CRI-O,
 * Docker and Podman under both cgroup drivers:
 *
 * <pre>
 * systemd:  /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod&lt;uid_with_underscores&gt;.slice/cri-containerd-&lt;64hex&gt;.scope
 *           .../crio-&lt;64hex&gt;.scope   .../docker-&lt;64hex&gt;.scope   /machine.slice/libpod-&lt;64hex&gt;.scope
 * cgroupfs: /kubepods/burstable/pod&lt;uid&gt;/&lt;64hex&gt;   /kubepods/pod&lt;uid&gt;/crio-&lt;64hex&gt;   /docker/&lt;64hex&gt;
 * </pre>
 *
 * The path is searched from its leaf upwards, so a cgroup a container created
 * below its own (e.g. {@code .../cri-containerd-ID.scope/init}) still maps to
 * the container, and a pod nested in a container (kind nodes) maps to the
 * innermost one. Leading {@code /..} segments, which a reader in a private
 * cgroup namespace sees, do not matter. CRI-O's {@code crio-conmon-ID.scope}
 * is the monitor process, not the container, and yields nothing.
 */
public final class ContainerIds {

    private static final Pattern SCOPE = Pattern.compile("(?:cri-containerd|crio|docker|libpod)-([0-9a-f]{64})\\.scope");
    private static final Pattern CGROUPFS = Pattern.compile("(?:crio-|docker-)?([0-9a-f]{64})");

    /** A pod UID is a UUID (dashes, or underscores under systemd), or 32 hex for static pods. */
    private static final String UID = "([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12}|[0-9a-f]{32})";
    private static final Pattern POD_SLICE = Pattern.compile("(?:[a-z0-9]+-)*pod" + UID + "\\.slice");
    private static final Pattern POD_DIR = Pattern.compile("pod" + UID);

    private ContainerIds() {
    }

    /** The 64-hex container id, or empty for a host process. */
    public static Optional<String> fromCgroupPath(String cgroupPath) {
        return lastMatch(cgroupPath, SCOPE, CGROUPFS);
    }

    /** The Kubernetes pod UID as the API server writes it (with dashes), or empty. */
    public static Optional<String> podUidFromCgroupPath(String cgroupPath) {
        return lastMatch(cgroupPath, POD_SLICE, POD_DIR).map(uid -> uid.replace('_', '-'));
    }

    private static Optional<String> lastMatch(String path, Pattern first, Pattern second) {
        String[] segments = path.split("/");
        for (int i = segments.length - 1; i >= 0; i--) {
            for (Pattern pattern : new Pattern[] {first, second}) {
                Matcher m = pattern.matcher(segments[i]);
                if (m.matches()) {
                    return Optional.of(m.group(1));
                }
            }
        }
        return Optional.empty();
    }
}
