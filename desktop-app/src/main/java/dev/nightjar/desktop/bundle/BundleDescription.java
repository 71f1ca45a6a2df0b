package dev.nightjar.desktop.bundle;

import dev.nightjar.protocol.bundle.Manifest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** What a person is told about an opened bundle: where and when it was captured, and what is wrong with it. */
public final class BundleDescription {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private BundleDescription() {
    }

    public static String banner(Manifest manifest, List<String> problems) {
        StringBuilder sb = new StringBuilder("Offline capture");
        if (manifest.timeRange() != null) {
            Instant start = Instant.ofEpochSecond(0, manifest.timeRange().startNs());
            Instant end = Instant.ofEpochSecond(0, manifest.timeRange().endNs());
            sb.append(" from ").append(UTC.format(start))
                    .append(" (").append(human(Duration.between(start, end))).append(")");
        }
        List<String> names = manifest.nodes().stream().map(Manifest.Node::name).toList();
        sb.append(" on ").append(names.isEmpty() ? "no nodes" : String.join(", ", names));
        sb.append(", written by ").append(manifest.createdBy()).append(" at ").append(UTC.format(manifest.createdAt()));
        if (!manifest.redactions().isEmpty()) {
            sb.append(". Redacted: ").append(String.join(", ", manifest.redactions()));
        }
        Set<String> policies = securityPolicies(manifest);
        if (!policies.isEmpty()) {
            sb.append(". Security policies in force: ").append(String.join(", ", policies));
        }
        sb.append('.');
        if (!problems.isEmpty()) {
            sb.append(" Damaged, showing what was readable: ").append(String.join("; ", problems));
        }
        return sb.toString();
    }

    /** The security policies the bundle's sensors said were in force (each node's SensorInfo), by name. */
    public static Set<String> securityPolicies(Manifest manifest) {
        Set<String> names = new TreeSet<>();
        for (Manifest.Node node : manifest.nodes()) {
            if (node.sensorInfo() != null) {
                names.addAll(node.sensorInfo().getSecurityHooks().getPoliciesList());
            }
        }
        return names;
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
