package dev.nightjar.desktop.session;

/** Where one node of a capture stands, from the pod's creation to its stream, as the launch table shows it. */
public enum LaunchStep {
    CREATING("Creating"),
    PENDING("Pending"),
    NOT_READY("Node NotReady"),
    UNSCHEDULABLE("Unschedulable"),
    PULLING("Pulling image"),
    PULL_FAILED("Image pull failed"),
    STARTING("Starting"),
    RUNNING("Running"),
    STREAMING("Streaming"),
    RECONNECTING("Reconnecting"),
    REJECTED("Rejected"),
    /** Attach mode: no installed sensor runs on this node. */
    NO_SENSOR("No sensor here"),
    FAILED("Failed"),
    /** The sensor ran and ended (idle exit, deadline, deleted): it is not coming back without a redeploy. */
    GONE("Sensor gone"),
    STOPPED("Stopped");

    private final String title;

    LaunchStep(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    /** Something the user should look at. */
    public boolean isProblem() {
        return switch (this) {
            case NOT_READY, UNSCHEDULABLE, PULL_FAILED, REJECTED, NO_SENSOR, FAILED, GONE -> true;
            default -> false;
        };
    }
}
