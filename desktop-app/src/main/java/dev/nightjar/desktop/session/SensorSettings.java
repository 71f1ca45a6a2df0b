package dev.nightjar.desktop.session;

import dev.nightjar.desktop.app.AppInfo;
import dev.nightjar.desktop.cluster.NightjarLabels;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The knobs of a sensor pod and its session. Everything is checked here, so a value that
 * would make the API server reject the pod is refused with a message before anything is
 * created.
 *
 * @param image the sensor image reference ({@code name:tag}, optionally pinned {@code @sha256:…})
 * @param activeDeadline the hard upper bound of a pod's life ({@code activeDeadlineSeconds})
 * @param lease how long the desktop's lease runs before an orphan sweep may remove the session
 * @param leaseRenewal how often a connected desktop renews the lease (well below {@code lease})
 * @param namespace where the session's Secret and pods live
 * @param imagePullSecrets Secrets in {@code namespace} the kubelet uses to pull from a private registry
 * @param tolerations in {@link TolerationSpec} notation; {@code *} tolerates every taint
 * @param priorityClassName the pods' PriorityClass, or empty for the cluster's default
 */
public record SensorSettings(
        String image,
        Duration activeDeadline,
        Duration lease,
        Duration leaseRenewal,
        String cpuRequest,
        String cpuLimit,
        String memoryRequest,
        String memoryLimit,
        long terminationGraceSeconds,
        String namespace,
        List<String> imagePullSecrets,
        List<String> tolerations,
        String priorityClassName) {

    public static final String IMAGE_REPOSITORY = "ghcr.io/nightjar-dev/nightjar-sensor";

    private static final Pattern QUANTITY =
            Pattern.compile("[+]?(\\d+(\\.\\d*)?|\\.\\d+)(([KMGTPE]i)|[mkMGTPE]|[eE][+-]?\\d+)?");

    public SensorSettings {
        image = ImageReference.parse(image).toString();
        if (activeDeadline.isNegative() || activeDeadline.isZero() || lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("Deadline and lease must be positive.");
        }
        if (leaseRenewal.compareTo(lease) >= 0) {
            throw new IllegalArgumentException("The lease must be renewed more often than it runs out ("
                    + leaseRenewal + " >= " + lease + ").");
        }
        cpuRequest = quantity(cpuRequest, "CPU request");
        cpuLimit = quantity(cpuLimit, "CPU limit");
        memoryRequest = quantity(memoryRequest, "memory request");
        memoryLimit = quantity(memoryLimit, "memory limit");
        atMost(cpuRequest, cpuLimit, "CPU");
        atMost(memoryRequest, memoryLimit, "memory");
        namespace = KubeNames.namespace(namespace, "The session namespace");
        imagePullSecrets = imagePullSecrets.stream().map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> KubeNames.objectName(s, "The image pull secret")).distinct().toList();
        tolerations = tolerations.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
        TolerationSpec.parseAll(tolerations); // throws with the reason for the first bad one
        priorityClassName = priorityClassName == null || priorityClassName.isBlank() ? ""
                : KubeNames.objectName(priorityClassName, "The priority class");
    }

    /** The settings before this release had namespace, pull secrets, tolerations and priority: the defaults. */
    public SensorSettings(String image, Duration activeDeadline, Duration lease, Duration leaseRenewal,
                          String cpuRequest, String cpuLimit, String memoryRequest, String memoryLimit,
                          long terminationGraceSeconds) {
        this(image, activeDeadline, lease, leaseRenewal, cpuRequest, cpuLimit, memoryRequest, memoryLimit,
                terminationGraceSeconds, NightjarLabels.NAMESPACE, List.of(), List.of(TolerationSpec.ALL), "");
    }

    /** The image for this desktop's version, 4 h deadline, 3 min lease renewed every minute. */
    public static SensorSettings defaults() {
        return new SensorSettings(IMAGE_REPOSITORY + ":" + AppInfo.version(), Duration.ofHours(4),
                Duration.ofMinutes(3), Duration.ofMinutes(1), "100m", "200m", "128Mi", "256Mi", 5);
    }

    public SensorSettings withImage(String newImage) {
        return new SensorSettings(newImage, activeDeadline, lease, leaseRenewal, cpuRequest, cpuLimit,
                memoryRequest, memoryLimit, terminationGraceSeconds, namespace, imagePullSecrets, tolerations,
                priorityClassName);
    }

    public SensorSettings withNamespace(String newNamespace) {
        return new SensorSettings(image, activeDeadline, lease, leaseRenewal, cpuRequest, cpuLimit,
                memoryRequest, memoryLimit, terminationGraceSeconds, newNamespace, imagePullSecrets, tolerations,
                priorityClassName);
    }

    public SensorSettings withResources(String newCpuRequest, String newCpuLimit, String newMemoryRequest,
                                        String newMemoryLimit) {
        return new SensorSettings(image, activeDeadline, lease, leaseRenewal, newCpuRequest, newCpuLimit,
                newMemoryRequest, newMemoryLimit, terminationGraceSeconds, namespace, imagePullSecrets, tolerations,
                priorityClassName);
    }

    public SensorSettings withScheduling(List<String> newPullSecrets, List<String> newTolerations,
                                         String newPriorityClassName) {
        return new SensorSettings(image, activeDeadline, lease, leaseRenewal, cpuRequest, cpuLimit,
                memoryRequest, memoryLimit, terminationGraceSeconds, namespace, newPullSecrets, newTolerations,
                newPriorityClassName);
    }

    /** Lease timings (tests and the scale bench use short ones). */
    public SensorSettings withLease(Duration newLease, Duration newRenewal) {
        return new SensorSettings(image, activeDeadline, newLease, newRenewal, cpuRequest, cpuLimit,
                memoryRequest, memoryLimit, terminationGraceSeconds, namespace, imagePullSecrets, tolerations,
                priorityClassName);
    }

    public ImageReference imageReference() {
        return ImageReference.parse(image);
    }

    /**
     * The longest a sensor pod can belong to a live session: its deadline plus one
     * lease. An object older than this is an orphan whatever its annotations say.
     */
    public Duration maxSessionLength() {
        return activeDeadline.plus(lease);
    }

    private static String quantity(String value, String what) {
        String v = value == null ? "" : value.strip();
        if (!QUANTITY.matcher(v).matches()) {
            throw new IllegalArgumentException("The " + what + " \"" + v + "\" is not a Kubernetes quantity:"
                    + " write e.g. 100m or 0.5 for CPU, 128Mi or 1Gi for memory.");
        }
        return v;
    }

    private static void atMost(String request, String limit, String what) {
        BigDecimal r = Quantity.getAmountInBytes(new Quantity(request));
        BigDecimal l = Quantity.getAmountInBytes(new Quantity(limit));
        if (r.compareTo(l) > 0) {
            throw new IllegalArgumentException("The " + what + " request " + request + " is above its limit " + limit
                    + "; Kubernetes rejects such a pod.");
        }
    }
}
