package dev.nightjar.desktop.session;

/**
 * Progress of a deployment in words. Called from the calling thread during deploy and
 * stop, and from informer threads while waiting: implementations must not touch a UI
 * directly (hand over to the UI thread).
 */
public interface DeploymentListener {

    /** A step of the whole deployment: "creating namespace nightjar", "deleting pod …". */
    void onStep(String message);

    /** A sensor pod's state changed. */
    void onPodStatus(SensorPodStatus status);

    DeploymentListener NONE = new DeploymentListener() {
        @Override
        public void onStep(String message) {
        }

        @Override
        public void onPodStatus(SensorPodStatus status) {
        }
    };
}
