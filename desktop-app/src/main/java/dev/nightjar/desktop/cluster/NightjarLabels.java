package dev.nightjar.desktop.cluster;

/**
 * The names by which Nightjar recognises its own objects in a cluster. Everything
 * Nightjar creates carries {@link #MANAGED_BY}={@link #MANAGED_BY_VALUE}; sensor pods
 * and their Secret also carry the session id and the lease expiry.
 */
public final class NightjarLabels {

    /** The namespace the sensor pods live in. */
    public static final String NAMESPACE = "nightjar";

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "nightjar";
    public static final String NAME = "app.kubernetes.io/name";
    public static final String SENSOR_NAME = "nightjar-sensor";
    public static final String SESSION = "nightjar.dev/session";

    /** Annotation: when the desktop's lease on the object runs out (RFC 3339, UTC). */
    public static final String LEASE_EXPIRES = "nightjar.dev/lease-expires";

    /** Pod Security Admission's enforce level label on a namespace. */
    public static final String PSA_ENFORCE = "pod-security.kubernetes.io/enforce";

    private NightjarLabels() {
    }
}
