package dev.nightjar.desktop.session;

/**
 * Where the installed sensors of attach mode are and how to prove the right to stream.
 *
 * @param namespace the DaemonSet's namespace
 * @param tokenFile a file on this machine holding the DaemonSet's token (the platform team
 *                  hands it out; Nightjar never reads the cluster's Secret), or empty
 */
public record AttachSettings(String namespace, String tokenFile) {

    public static final String DEFAULT_NAMESPACE = "nightjar-attach";

    public AttachSettings {
        namespace = KubeNames.namespace(namespace, "The attach namespace");
        tokenFile = tokenFile == null ? "" : tokenFile.strip();
    }

    public static AttachSettings defaults() {
        return new AttachSettings(DEFAULT_NAMESPACE, "");
    }
}
