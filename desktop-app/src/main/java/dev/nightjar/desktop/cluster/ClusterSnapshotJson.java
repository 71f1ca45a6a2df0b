package dev.nightjar.desktop.cluster;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@link ClusterSnapshot} to and from the JSON of a bundle's {@code cluster/snapshot.json}.
 * Through fabric8's own serialization: the snapshot carries NetworkPolicy objects, whose
 * types (IntOrString ports, for one) only fabric8's mapper reads back correctly.
 */
public final class ClusterSnapshotJson {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private ClusterSnapshotJson() {
    }

    public static byte[] write(ClusterSnapshot snapshot) {
        return JSON.asJson(snapshot).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @throws IOException with a message that says what is wrong (not JSON, a newer version)
     */
    public static ClusterSnapshot read(byte[] json) throws IOException {
        ClusterSnapshot snapshot;
        try {
            snapshot = JSON.unmarshal(new String(json, StandardCharsets.UTF_8), ClusterSnapshot.class);
        } catch (RuntimeException e) {
            throw new IOException("the cluster snapshot is not valid snapshot JSON (" + e.getMessage()
                    + "); endpoints stay unnamed", e);
        }
        if (snapshot == null) {
            throw new IOException("the cluster snapshot is empty (JSON null); endpoints stay unnamed");
        }
        if (snapshot.version() != ClusterSnapshot.VERSION) {
            throw new IOException("the cluster snapshot has version " + snapshot.version() + ", this build reads "
                    + ClusterSnapshot.VERSION + "; open the bundle with a newer Nightjar to see endpoint names");
        }
        return snapshot;
    }
}
