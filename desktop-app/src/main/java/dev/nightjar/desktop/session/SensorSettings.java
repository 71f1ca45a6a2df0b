package dev.nightjar.desktop.session;

import dev.nightjar.desktop.app.AppInfo;
import java.time.Duration;

/**
 * The user-adjustable knobs of a sensor pod.
 *
 * @param image the sensor image reference
 * @param activeDeadline the hard upper bound of a pod's life ({@code activeDeadlineSeconds})
 * @param lease how long the desktop's lease runs before an orphan sweep may remove the pods
 * @param leaseRenewal how often a connected desktop renews the lease (well below {@code lease})
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
        long terminationGraceSeconds) {

    public static final String IMAGE_REPOSITORY = "ghcr.io/nightjar-dev/nightjar-sensor";

    public SensorSettings {
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("The sensor image reference is empty.");
        }
        if (activeDeadline.isNegative() || activeDeadline.isZero() || lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("Deadline and lease must be positive.");
        }
        if (leaseRenewal.compareTo(lease) >= 0) {
            throw new IllegalArgumentException("The lease must be renewed more often than it runs out ("
                    + leaseRenewal + " >= " + lease + ").");
        }
    }

    /** The image for this desktop's version, 4 h deadline, 3 min lease renewed every minute. */
    public static SensorSettings defaults() {
        return new SensorSettings(IMAGE_REPOSITORY + ":" + AppInfo.version(), Duration.ofHours(4),
                Duration.ofMinutes(3), Duration.ofMinutes(1), "100m", "200m", "128Mi", "256Mi", 5);
    }

    public SensorSettings withImage(String newImage) {
        return new SensorSettings(newImage, activeDeadline, lease, leaseRenewal, cpuRequest, cpuLimit,
                memoryRequest, memoryLimit, terminationGraceSeconds);
    }

    /**
     * The longest a sensor pod can belong to a live session: its deadline plus one
     * lease. An object older than this is an orphan whatever its annotations say.
     */
    public Duration maxSessionLength() {
        return activeDeadline.plus(lease);
    }
}
