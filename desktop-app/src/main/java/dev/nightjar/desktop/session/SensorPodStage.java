package dev.nightjar.desktop.session;

/** Where one sensor pod is on its way to running. */
public enum SensorPodStage {
    /** Created, not yet bound to its node. */
    PENDING,
    /** Bound to the node; the kubelet has not started on it yet. */
    SCHEDULED,
    /** The kubelet is pulling the sensor image. */
    PULLING_IMAGE,
    /** Image present; volumes mounting, container being created. */
    STARTING,
    RUNNING,
    /** The API server refused to create the pod for this node (a webhook, a quota); the others go on. */
    REJECTED,
    /** The pod waits on a node that is NotReady; it starts if the node recovers. */
    NODE_NOT_READY,
    /** The scheduler or the node will not take the pod. */
    UNSCHEDULABLE,
    /** The image cannot be pulled (the kubelet keeps retrying). */
    IMAGE_PULL_FAILED,
    /** The pod or its container ended or cannot be created. */
    FAILED,
    /** The pod is gone (deleted, or its node was removed). */
    GONE,
    /** Attach mode: the platform team's DaemonSet runs no sensor on this node. */
    NOT_INSTALLED;

    /** A stage that needs the user's attention. */
    public boolean isProblem() {
        return this == REJECTED || this == NODE_NOT_READY || this == UNSCHEDULABLE || this == IMAGE_PULL_FAILED
                || this == FAILED || this == GONE || this == NOT_INSTALLED;
    }

    /** Waiting for the pod can stop here: it runs, or it will not without help. */
    public boolean isSettled() {
        return this == RUNNING || isProblem();
    }

    /** The pod ran or tried to and is over: a sensor here is gone until it is redeployed. */
    public boolean isEnded() {
        return this == FAILED || this == GONE;
    }
}
