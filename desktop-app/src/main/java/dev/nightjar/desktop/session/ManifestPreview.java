package dev.nightjar.desktop.session;

import java.time.Instant;

/**
 * The exact objects a session would create, as YAML for a person to review
 * before anything touches the cluster: the {@code manifest} subcommand and the
 * "Show manifest" view print the same text.
 */
public final class ManifestPreview {

    private ManifestPreview() {
    }

    /**
     * The same, saying which security policies the session's sensors are asked for: those travel
     * over each sensor's gRPC stream, not as Kubernetes objects, so they are a header line.
     */
    public static String yaml(SessionPlan plan, SecurityPolicySetting security) {
        String objects = yaml(plan);
        int firstObject = objects.indexOf("\n---");
        String line = "# Security events: " + security.describe() + " (asked of each sensor over its stream; the"
                + " Security page changes them while the capture runs).";
        return firstObject < 0 ? objects + line + "\n"
                : objects.substring(0, firstObject + 1) + line + objects.substring(firstObject);
    }

    public static String yaml(SessionPlan plan) {
        Instant lease = Instant.now().plus(plan.settings().lease()); // the desktop writes it in the API server's time
        SensorManifest manifest = SensorManifest.of(plan, SessionToken.placeholder(), lease);
        String header = """
                Nightjar sensor session %s: the objects the desktop creates, in order.
                The Secret's token below is a placeholder (%s): at deploy time the
                desktop puts a fresh random token there (32 bytes, base64url), new for every session.
                The Secret holds the session's lease (an expiry annotation the desktop renews every minute
                while it is connected, in the API server's time); each pod names the Secret as its lease
                holder. Objects applied by hand are removed by the next Nightjar orphan sweep once that
                lease has passed.""".formatted(
                plan.id(), SessionToken.PLACEHOLDER);
        return ManifestYaml.write(manifest, header);
    }
}
