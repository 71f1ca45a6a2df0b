package dev.nightjar.desktop.session;

/** How a capture reaches its sensors. */
public enum LaunchMode {
    /** Nightjar creates a temporary sensor pod per chosen node and removes it at Stop. */
    DEPLOY,
    /**
     * The platform team runs the sensor as a DaemonSet (packaging/kubernetes/); Nightjar only
     * finds its pods by label and port-forwards to them. Nothing is created or deleted.
     */
    ATTACH
}
