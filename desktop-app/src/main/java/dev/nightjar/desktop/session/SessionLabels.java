package dev.nightjar.desktop.session;

/**
 * The names a session adds on top of {@code cluster.NightjarLabels}: who holds a session's
 * lease, when a Nightjar namespace was last used and by whom, and how attach mode's
 * installed sensors are recognised.
 */
public final class SessionLabels {

    /**
     * Pod annotation: the Secret (in the pod's namespace) whose lease this pod lives by. One
     * lease per session, however many nodes: renewing it is one PATCH a minute.
     */
    public static final String LEASE_HOLDER = "nightjar.dev/lease-holder";

    /** Namespace annotation: when a session last started using this Nightjar namespace (server time). */
    public static final String NAMESPACE_LAST_USED = "nightjar.dev/last-used";

    /** Namespace annotation: the session that last started using it. */
    public static final String NAMESPACE_LAST_SESSION = "nightjar.dev/last-session";

    /** Label on attach mode's DaemonSet pods (packaging/kubernetes/): value {@link #ATTACH_VALUE}. */
    public static final String MODE = "nightjar.dev/mode";
    public static final String ATTACH_VALUE = "attach";

    private SessionLabels() {
    }
}
