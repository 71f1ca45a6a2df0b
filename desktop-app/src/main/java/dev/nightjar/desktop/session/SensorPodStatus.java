package dev.nightjar.desktop.session;

/**
 * One sensor pod's state in words.
 *
 * @param message what is happening, for the user ("pulling image ghcr.io/…", "cannot be scheduled: …")
 */
public record SensorPodStatus(String node, String pod, SensorPodStage stage, String message) {
}
