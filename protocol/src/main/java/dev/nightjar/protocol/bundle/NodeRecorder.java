package dev.nightjar.protocol.bundle;

import com.google.protobuf.CodedOutputStream;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipOutputStream;

/**
 * Streams one node's events into its bundle entry, {@code writeDelimitedTo}
 * framing, counting them by kind, hashing the bytes and tracking the time
 * range as they pass. Obtained from {@link BundleWriter#node}; finish it
 * ({@link #finish()} or {@link #close()}) before starting the next node.
 */
public final class NodeRecorder implements AutoCloseable {

    private static final int BUFFER_BYTES = 64 * 1024;
    private static final SensorEvent.PayloadCase[] KINDS = SensorEvent.PayloadCase.values();

    private final BundleWriter writer;
    private final ZipOutputStream zip;
    private final int index;
    private final String nodeName;
    private final SensorInfo sensorInfo;
    private final MessageDigest sha256;
    private final CodedOutputStream out;
    private final long[] countsByKind = new long[KINDS.length];
    private long events;
    private long firstNs = Long.MAX_VALUE;
    private long lastNs = Long.MIN_VALUE;
    private boolean finished;

    NodeRecorder(BundleWriter writer, ZipOutputStream zip, int index, String nodeName, SensorInfo sensorInfo) {
        this.writer = writer;
        this.zip = zip;
        this.index = index;
        this.nodeName = nodeName;
        this.sensorInfo = sensorInfo;
        this.sha256 = sha256();
        this.out = CodedOutputStream.newInstance(new DigestOutputStream(new Unclosable(zip), sha256), BUFFER_BYTES);
    }

    /**
     * Appends one event.
     *
     * @throws BundleException       when the event is larger than {@link BundleLimits#MAX_RECORD_BYTES}
     *                               (it is not written; the node stays usable), or the file cannot be
     *                               written (the whole bundle is then discarded)
     * @throws IllegalStateException when this node is finished or the writer is no longer open
     */
    public void append(SensorEvent event) throws BundleException {
        writer.requireOpen();
        if (finished) {
            throw new IllegalStateException("node " + BundleException.quote(nodeName) + " is finished");
        }
        int size = event.getSerializedSize();
        if (size > BundleLimits.MAX_RECORD_BYTES) {
            throw new BundleException(EntryNames.nodeEntry(index), "event " + (events + 1) + " of node "
                    + BundleException.quote(nodeName) + " is " + size + " bytes, over the "
                    + BundleLimits.mib(BundleLimits.MAX_RECORD_BYTES) + " record limit; it was not written");
        }
        try {
            out.writeUInt32NoTag(size);
            event.writeTo(out);
        } catch (IOException e) {
            throw writer.fail(e);
        }
        events++;
        countsByKind[event.getPayloadCase().ordinal()]++;
        firstNs = Math.min(firstNs, event.getTimestampNs());
        lastNs = Math.max(lastNs, event.getTimestampNs());
    }

    /** Events appended so far. */
    public long events() {
        return events;
    }

    public String nodeName() {
        return nodeName;
    }

    public boolean isFinished() {
        return finished;
    }

    /** Closes the node's entry and records it for the manifest. Idempotent. */
    public void finish() throws BundleException {
        if (finished) {
            return;
        }
        writer.requireOpen();
        finished = true;
        try {
            out.flush();
            zip.closeEntry();
        } catch (IOException e) {
            throw writer.fail(e);
        }
        writer.nodeFinished(new Manifest.Node(index, nodeName, EntryNames.nodeEntry(index), events,
                out.getTotalBytesWritten(), HexFormat.of().formatHex(sha256.digest()), kindCounts(), sensorInfo),
                firstNs, lastNs);
    }

    /** Same as {@link #finish()}. */
    @Override
    public void close() throws BundleException {
        finish();
    }

    private Map<String, Long> kindCounts() {
        // In payload-case order, as every bundle so far was written.
        Map<String, Long> counts = new LinkedHashMap<>();
        for (SensorEvent.PayloadCase kind : KINDS) {
            if (countsByKind[kind.ordinal()] > 0) {
                counts.put(PayloadKind.manifestKeyOf(kind), countsByKind[kind.ordinal()]);
            }
        }
        return counts;
    }

    /** Passes bytes to the zip stream; the zip must outlive this node, so close() only flushes. */
    private static final class Unclosable extends FilterOutputStream {
        Unclosable(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
