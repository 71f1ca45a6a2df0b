package dev.nightjar.desktop.cluster;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pod UID and container id in a cgroup path as the sensor reports it, for
 * containerd, CRI-O and docker under the systemd and cgroupfs drivers:
 * <pre>
 * /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod&lt;uid_with_underscores&gt;.slice/cri-containerd-&lt;64hex&gt;.scope
 * /kubepods/burstable/pod&lt;uid&gt;/&lt;64hex&gt;      /kubepods/pod&lt;uid&gt;/crio-&lt;64hex&gt;
 * </pre>
 * The last match wins, so a pod nested in a container (kind nodes) maps to the inner pod.
 */
public final class CgroupPaths {

    private static final String UID = "([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12}|[0-9a-f]{32})";
    private static final Pattern POD = Pattern.compile("(?:^|[/-])pod" + UID + "(?:\\.slice)?(?=/|$)");
    private static final Pattern CONTAINER = Pattern.compile(
            "(?:^|/)(?:cri-containerd-|crio-|docker-|libpod-)?([0-9a-f]{64})(?:\\.scope)?(?=/|$)");

    private CgroupPaths() {
    }

    /** The pod UID as the API server writes it (with dashes), or empty. */
    public static Optional<String> podUid(String cgroupPath) {
        return last(POD, cgroupPath).map(uid -> uid.replace('_', '-'));
    }

    /** The bare 64-hex container id, or empty. */
    public static Optional<String> containerId(String cgroupPath) {
        return last(CONTAINER, cgroupPath);
    }

    private static Optional<String> last(Pattern pattern, String path) {
        if (path == null) {
            return Optional.empty();
        }
        Matcher m = pattern.matcher(path);
        String found = null;
        while (m.find()) {
            found = m.group(1);
        }
        return Optional.ofNullable(found);
    }
}
