package dev.nightjar.protocol.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.nightjar.protocol.v1.SensorInfo;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The contents of {@code manifest.json}, bundle format v2 (v1 reads the same way). Field names in JSON
 * are the component names. Fields marked required must be present and not null;
 * fields this build does not know are ignored, so a v1 writer may add some.
 *
 * @param formatVersion {@value #FORMAT_VERSION} when this build wrote it; {@value #OLDEST_READABLE_VERSION} or more when read
 * @param createdBy     what wrote the bundle, e.g. {@code "nightjar 0.1.0"}
 * @param createdAt     when writing the bundle started (ISO-8601 instant in JSON)
 * @param timeRange     min and max {@code SensorEvent.timestamp_ns} over all events;
 *                      {@code null} (absent) when the bundle holds no events
 * @param nodes         one per recorded node, in index order
 * @param kubernetes    the Kubernetes snapshot the desktop used for enrichment, a JSON
 *                      object the format does not interpret; {@code null} when absent
 * @param redactions    what was redacted at export; empty when nothing was
 * @param clusterSnapshot the optional {@code cluster/snapshot.json} entry; {@code null} when absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"formatVersion", "createdBy", "createdAt", "timeRange", "nodes", "kubernetes", "redactions",
        "clusterSnapshot"})
public record Manifest(
        @JsonProperty(required = true) int formatVersion,
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String createdBy,
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL)
        @JsonSerialize(using = ToStringSerializer.class)
        @JsonDeserialize(using = JsonAdapters.InstantDeserializer.class) Instant createdAt,
        TimeRange timeRange,
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL, contentNulls = Nulls.FAIL) List<Node> nodes,
        JsonNode kubernetes,
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL, contentNulls = Nulls.FAIL) List<String> redactions,
        Attachment clusterSnapshot) {

    /**
     * The bundle format version this build writes. Version 2 added requests and request
     * stats (protocol 3) and their redaction: a v1 reader would carry them through an
     * export as unknown fields, unredacted, under a manifest that says addresses were
     * hashed, so it must refuse a v2 bundle instead of misreading it.
     */
    public static final int FORMAT_VERSION = 2;

    /** The oldest format this build reads: v1 bundles open as they always did. */
    public static final int OLDEST_READABLE_VERSION = 1;

    /** A manifest without a cluster snapshot entry. */
    public Manifest(int formatVersion, String createdBy, Instant createdAt, TimeRange timeRange, List<Node> nodes,
                    JsonNode kubernetes, List<String> redactions) {
        this(formatVersion, createdBy, createdAt, timeRange, nodes, kubernetes, redactions, null);
    }

    public Manifest {
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
        nodes = List.copyOf(nodes);
        // JSON null and an absent field mean the same: no snapshot.
        kubernetes = kubernetes == null || kubernetes.isNull() ? null : kubernetes;
        redactions = List.copyOf(redactions);
    }

    /**
     * An optional entry beside the node entries, checked like them by size and digest.
     *
     * @param entry  the zip entry's name
     * @param size   its uncompressed size in bytes
     * @param sha256 lowercase hex SHA-256 of the uncompressed bytes
     */
    @JsonPropertyOrder({"entry", "size", "sha256"})
    public record Attachment(
            @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String entry,
            @JsonProperty(required = true) long size,
            @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String sha256) {

        public Attachment {
            Objects.requireNonNull(entry, "entry");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    /**
     * @param startNs earliest event timestamp, nanoseconds since the Unix epoch
     * @param endNs   latest event timestamp, nanoseconds since the Unix epoch
     */
    public record TimeRange(@JsonProperty(required = true) long startNs,
                            @JsonProperty(required = true) long endNs) {
    }

    /**
     * One recorded node.
     *
     * @param index       0, 1, 2, ... ; the node's entry is {@code nodes/<index>/events.pb}
     * @param name        the node name, any string
     * @param entry       the zip entry holding the node's events
     * @param events      how many SensorEvent records the entry holds
     * @param size        the entry's uncompressed size in bytes
     * @param sha256      lowercase hex SHA-256 of the uncompressed entry bytes
     * @param eventCounts events per kind (keys: {@link dev.nightjar.protocol.PayloadKind#manifestKey}); kinds that did not occur are absent
     * @param sensorInfo  the node's SensorInfo (protobuf JSON mapping in the file); {@code null} when absent
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"index", "name", "entry", "events", "size", "sha256", "eventCounts", "sensorInfo"})
    public record Node(
            @JsonProperty(required = true) int index,
            @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String name,
            @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String entry,
            @JsonProperty(required = true) long events,
            @JsonProperty(required = true) long size,
            @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String sha256,
            @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL, contentNulls = Nulls.FAIL)
            Map<String, Long> eventCounts,
            @JsonSerialize(using = JsonAdapters.SensorInfoSerializer.class)
            @JsonDeserialize(using = JsonAdapters.SensorInfoDeserializer.class) SensorInfo sensorInfo) {

        public Node {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(entry, "entry");
            Objects.requireNonNull(sha256, "sha256");
            // Keep the file's order (the writer writes kinds in oneof order).
            eventCounts = Collections.unmodifiableMap(new LinkedHashMap<>(eventCounts));
        }
    }
}
