package dev.nightjar.desktop.cluster;

import java.time.Duration;

/**
 * How long a credential plugin may run. A plugin that writes nothing gets {@code silent}:
 * token plugins (aws, gke-gcloud-auth-plugin, kubelogin with a cached login) answer in a
 * second or two, so a silent one that runs for a minute is stuck. One that wrote to standard
 * error is most likely showing a prompt (a device code) and waiting for the user, who gets
 * {@code afterPrompt} to finish the login in a browser.
 */
public record ExecPluginTimeouts(Duration silent, Duration afterPrompt) {

    public static final ExecPluginTimeouts DEFAULT = new ExecPluginTimeouts(Duration.ofSeconds(60), Duration.ofMinutes(10));

    public ExecPluginTimeouts {
        if (silent.isNegative() || silent.isZero() || afterPrompt.compareTo(silent) < 0) {
            throw new IllegalArgumentException("need 0 < silent <= afterPrompt, got " + silent + ", " + afterPrompt);
        }
    }
}
