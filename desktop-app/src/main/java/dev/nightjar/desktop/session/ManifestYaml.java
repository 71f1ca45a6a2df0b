package dev.nightjar.desktop.session;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Writes a {@link SensorManifest} as multi-document YAML, as {@code kubectl apply -f} reads it. */
public final class ManifestYaml {

    private ManifestYaml() {
    }

    public static String write(SensorManifest manifest, String headerComment) {
        return write(manifest.objects(), headerComment);
    }

    public static String write(java.util.List<HasMetadata> objects, String headerComment) {
        StringBuilder out = new StringBuilder();
        for (String line : headerComment.strip().split("\n")) {
            out.append("# ").append(line).append('\n');
        }
        for (HasMetadata object : objects) {
            String doc = Serialization.asYaml(object);
            if (!doc.startsWith("---")) {
                out.append("---\n");
            }
            out.append(doc);
            if (!doc.endsWith("\n")) {
                out.append('\n');
            }
        }
        return out.toString();
    }
}
