package dev.nightjar.desktop.session;

/**
 * One sensor pod's state in words.
 *
 * @param message what is happening, for the user ("pulling image ghcr.io/…", "cannot be scheduled: …")
 * @param ending  for a pod that ended or is gone, how, in a few words ("pod Completed: idle exit",
 *                "pod Failed: DeadlineExceeded", "pod deleted"); empty otherwise
 */
public record SensorPodStatus(String node, String pod, SensorPodStage stage, String message, String ending) {

    public SensorPodStatus {
        ending = ending == null ? "" : ending;
    }

    public SensorPodStatus(String node, String pod, SensorPodStage stage, String message) {
        this(node, pod, stage, message, "");
    }
}
