package dev.nightjar.desktop.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/** {@link ClusterSnapshot} to and from the JSON of a bundle's {@code cluster/snapshot.json}. */
public final class ClusterSnapshotJson {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ClusterSnapshotJson() {
    }

    public static byte[] write(ClusterSnapshot snapshot) {
        try {
            return JSON.writeValueAsBytes(snapshot);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the cluster snapshot as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * @throws IOException with a message that says what is wrong (not JSON, a newer version)
     */
    public static ClusterSnapshot read(byte[] json) throws IOException {
        ClusterSnapshot snapshot;
        try {
            snapshot = JSON.readValue(json, ClusterSnapshot.class);
        } catch (JsonProcessingException e) {
            throw new IOException("the cluster snapshot is not valid snapshot JSON (" + e.getOriginalMessage()
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
