package dev.nightjar.protocol.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.FeatureState;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowDirection;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.FoldedStack;
import dev.nightjar.protocol.v1.Frame;
import dev.nightjar.protocol.v1.FrameKind;
import dev.nightjar.protocol.v1.Heartbeat;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.protocol.v1.LossStage;
import dev.nightjar.protocol.v1.LostEvents;
import dev.nightjar.protocol.v1.ProcessInfo;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import dev.nightjar.protocol.v1.SensorResources;
import dev.nightjar.protocol.v1.StackSamples;
import dev.nightjar.protocol.v1.SyscallHistogram;
import dev.nightjar.protocol.v1.SyscallSpan;
import dev.nightjar.protocol.v1.TcpState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Test data for bundle tests: events, whole bundles, and raw zips to tamper with. */
final class BundleFixtures {

    static final String CREATED_BY = "nightjar test";
    static final ObjectMapper JSON = new ObjectMapper();

    private BundleFixtures() {
    }

    // ---------------------------------------------------------------- events

    static SensorInfo sensorInfo(String node) {
        return SensorInfo.newBuilder()
                .setNodeName(node).setKernelRelease("6.18.0").setArchitecture("x86_64").setBtfPresent(true)
                .addFeatures(FeatureState.newBuilder().setFeature(Feature.FEATURE_FLOWS).setRunning(true))
                .addFeatures(FeatureState.newBuilder().setFeature(Feature.FEATURE_PROFILE).setRunning(false)
                        .setReason("perf_event_open: permission denied"))
                .setSensorVersion("0.1.0")
                .setResources(SensorResources.newBuilder().setCpuTimeNsTotal(12_345).setRssBytes(40 << 20))
                .setStartedAtNs(1_700_000_000_000_000_000L).setBootTimeNs(1_690_000_000_000_000_000L)
                .build();
    }

    /** One event of every payload kind (nine), timestamps {@code startNs}, {@code startNs + 1000}, ... */
    static List<SensorEvent> everyKind(String node, long startNs) {
        FiveTuple tuple = FiveTuple.newBuilder()
                .setSrcAddr(ByteString.copyFrom(new byte[] {10, 0, 0, 1})).setSrcPort(40_000)
                .setDstAddr(ByteString.copyFrom(new byte[] {10, 0, 0, 2})).setDstPort(443)
                .setProtocol(L4Protocol.L4_PROTOCOL_TCP).build();
        List<SensorEvent.Builder> events = List.of(
                SensorEvent.newBuilder().setInfo(sensorInfo(node)),
                SensorEvent.newBuilder().setFlow(FlowUpdate.newBuilder().setFlowId(7).setTuple(tuple)
                        .setDirection(FlowDirection.FLOW_DIRECTION_OUTBOUND).setTcpState(TcpState.TCP_STATE_ESTABLISHED)
                        .setBytesSent(1500).setBytesReceived(9000).setPid(42).setComm("curl")),
                SensorEvent.newBuilder().setDrop(DropEvent.newBuilder().setReasonCode(2).setReasonName("NO_SOCKET")
                        .setLocation("tcp_v4_rcv+0x1a0").setTuple(tuple).setCount(3)),
                SensorEvent.newBuilder().setSyscallSpan(SyscallSpan.newBuilder().setPid(42).setTid(43)
                        .setComm("java").setSyscallName("fsync").setDurationNs(12_000_000).setFd(5)
                        .setFdTarget("/var/lib/db/wal")),
                SensorEvent.newBuilder().setSyscallHistogram(SyscallHistogram.newBuilder().setPid(42)
                        .setSyscallName("read").setCount(100).addLog2Buckets(90).addLog2Buckets(10)),
                SensorEvent.newBuilder().setStacks(StackSamples.newBuilder().setPid(42).setComm("java")
                        .addFrames(Frame.newBuilder().setName("main").setKind(FrameKind.FRAME_KIND_NATIVE))
                        .addFrames(Frame.newBuilder().setName("do_sys_poll").setKind(FrameKind.FRAME_KIND_KERNEL))
                        .addStacks(FoldedStack.newBuilder().addFrames(0).addFrames(1).setCount(99))),
                SensorEvent.newBuilder().setProcess(ProcessInfo.newBuilder().setPid(42).setPpid(1).setComm("java")
                        .addCmdline("java").addCmdline("-jar").addCmdline("app.jar").setContainerId("abc123")),
                SensorEvent.newBuilder().setLost(LostEvents.newBuilder().addCounters(LossCounter.newBuilder()
                        .setStage(LossStage.LOSS_STAGE_KERNEL_RING_BUFFER).setKind(EventKind.EVENT_KIND_DROPS)
                        .setLostTotal(5))),
                SensorEvent.newBuilder().setHeartbeat(Heartbeat.newBuilder().setEventsSentTotal(8)));
        List<SensorEvent> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            out.add(events.get(i).setNode(node).setTimestampNs(startNs + 1000L * i).setSequence(i).build());
        }
        return out;
    }

    /** A ProcessInfo event whose comm is {@code comm}: a marker that can be found in a STORED entry. */
    static SensorEvent process(String node, String comm, long timestampNs) {
        return SensorEvent.newBuilder().setNode(node).setTimestampNs(timestampNs)
                .setProcess(ProcessInfo.newBuilder().setPid(7).setComm(comm)).build();
    }

    /**
     * {@code count} distinct event payloads as a busy node shows them: flows, slow syscalls and
     * drops between a few hundred pods and services, and every tenth a CPU profile with its frame
     * table (large). Stamp them with {@link #stamped}.
     */
    static List<SensorEvent> payloadPool(Random random, int count) {
        String[] comms = {"java", "nginx", "envoy", "postgres", "kubelet", "containerd", "coredns", "python3"};
        int[] ports = {80, 443, 5432, 8080, 53, 9090};
        List<SensorEvent> pool = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int pod = random.nextInt(300);
            FiveTuple tuple = FiveTuple.newBuilder()
                    .setSrcAddr(ByteString.copyFrom(new byte[] {10, 1, (byte) (pod >> 8), (byte) pod}))
                    .setSrcPort(32768 + random.nextInt(28000))
                    .setDstAddr(ByteString.copyFrom(new byte[] {10, 96, 0, (byte) random.nextInt(40)}))
                    .setDstPort(ports[random.nextInt(ports.length)]).setProtocol(L4Protocol.L4_PROTOCOL_TCP).build();
            SensorEvent.Builder event = SensorEvent.newBuilder();
            switch (i % 10) {
                case 9 -> {
                    StackSamples.Builder stacks = StackSamples.newBuilder().setPid(1000 + pod).setComm(comms[pod % 8])
                            .setFrequencyHz(99).setContainerId(Long.toHexString(pod * 0x9E3779B97F4A7C15L));
                    for (int f = 0; f < 40; f++) {
                        stacks.addFrames(Frame.newBuilder().setKind(FrameKind.FRAME_KIND_JIT)
                                .setName("com.example.service.Handler" + random.nextInt(200) + ".handle" + f));
                    }
                    for (int s = 0; s < 20; s++) {
                        FoldedStack.Builder stack = FoldedStack.newBuilder().setCount(1 + random.nextInt(50));
                        for (int d = 0; d < 12; d++) {
                            stack.addFrames(random.nextInt(40));
                        }
                        stacks.addStacks(stack);
                    }
                    event.setStacks(stacks);
                }
                case 0, 3, 6 -> event.setSyscallSpan(SyscallSpan.newBuilder().setPid(1000 + pod).setTid(2000 + i)
                        .setComm(comms[pod % 8]).setSyscallName("fsync").setDurationNs(1_000_000 + random.nextInt(1 << 26))
                        .setFd(3 + random.nextInt(100)).setFdTarget("/var/lib/data/segment-" + random.nextInt(500)));
                case 1 -> event.setDrop(DropEvent.newBuilder().setReasonName("NETFILTER_DROP").setReasonCode(16)
                        .setTuple(tuple).setLocation("nf_hook_slow+0x" + Integer.toHexString(random.nextInt(4096)))
                        .setCount(1 + random.nextInt(100)).setCgroupId(5000 + pod));
                default -> event.setFlow(FlowUpdate.newBuilder().setFlowId(random.nextInt(1 << 20)).setTuple(tuple)
                        .setBytesSent(random.nextInt(1 << 20)).setBytesReceived(random.nextInt(1 << 24))
                        .setPid(1000 + pod).setComm(comms[pod % 8]).setCgroupId(5000 + pod));
            }
            pool.add(event.build());
        }
        return pool;
    }

    /** {@code template} as event number {@code sequence} of {@code node}, a microsecond apart. */
    static SensorEvent stamped(SensorEvent template, String node, long sequence) {
        return template.toBuilder().setNode(node).setSequence(sequence)
                .setTimestampNs(1_700_000_000_000_000_000L + sequence * 1_000).build();
    }

    // ---------------------------------------------------------------- whole bundles

    /** Writes a valid bundle with one node per map entry, in map order, each with a SensorInfo. */
    static Path writeBundle(Path file, Map<String, List<SensorEvent>> eventsByNode) throws BundleException {
        try (BundleWriter writer = BundleWriter.create(file, CREATED_BY)) {
            for (Map.Entry<String, List<SensorEvent>> node : eventsByNode.entrySet()) {
                try (NodeRecorder recorder = writer.node(node.getKey(), sensorInfo(node.getKey()))) {
                    for (SensorEvent event : node.getValue()) {
                        recorder.append(event);
                    }
                }
            }
            writer.commit();
        }
        return file;
    }

    /** A valid bundle of two nodes, "node-a" and "node-b", with one event of every kind each. */
    static Path twoNodeBundle(Path file) throws BundleException {
        Map<String, List<SensorEvent>> nodes = new LinkedHashMap<>();
        nodes.put("node-a", everyKind("node-a", 1_000_000));
        nodes.put("node-b", everyKind("node-b", 2_000_000));
        return writeBundle(file, nodes);
    }

    /** Every entry of a (small) zip, by name, in zip order. */
    static Map<String, byte[]> entries(Path zip) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : file.stream().toList()) {
                try (InputStream in = file.getInputStream(entry)) {
                    entries.put(entry.getName(), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /** Writes a zip of these entries in order: DEFLATED, except STORED for names in {@code stored}. */
    static Path writeZip(Path file, Map<String, byte[]> entries, Set<String> stored) {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                if (stored.contains(e.getKey())) {
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(e.getValue().length);
                    entry.setCompressedSize(e.getValue().length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * Writes a zip whose entry {@code zerosEntry} holds {@code zeros} zero bytes, deflated as they
     * stream (200 MB take well under a second and a few hundred KB of disk), then {@code others}.
     */
    static Path writeZerosZip(Path file, String zerosEntry, long zeros, Map<String, byte[]> others) {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry(zerosEntry));
            writeZeros(zip, zeros);
            zip.closeEntry();
            for (Map.Entry<String, byte[]> e : others.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A complete v1 manifest tree with one node entry for index 0 as described. */
    static ObjectNode manifestForOneNode(long size, String sha256, long events) {
        ObjectNode manifest = JSON.createObjectNode()
                .put("formatVersion", 1).put("createdBy", CREATED_BY).put("createdAt", "2026-11-25T10:15:30Z");
        ObjectNode node = manifest.putArray("nodes").addObject()
                .put("index", 0).put("name", "node-a").put("entry", EntryNames.nodeEntry(0))
                .put("events", events).put("size", size).put("sha256", sha256);
        node.putObject("eventCounts").put(PayloadKind.UNKNOWN_MANIFEST_KEY, events);
        manifest.putArray("redactions");
        return manifest;
    }

    static void writeZeros(OutputStream out, long bytes) throws IOException {
        byte[] zeros = new byte[1 << 20];
        for (long left = bytes; left > 0; left -= zeros.length) {
            out.write(zeros, 0, (int) Math.min(zeros.length, left));
        }
    }

    /** Copies a bundle to {@code out} with its manifest edited by {@code edit}; other entries unchanged. */
    static Path withManifest(Path bundle, Path out, Consumer<ObjectNode> edit) {
        Map<String, byte[]> entries = entries(bundle);
        ObjectNode manifest = manifest(entries);
        edit.accept(manifest);
        entries.put(EntryNames.MANIFEST, json(manifest));
        return writeZip(out, entries, Set.of());
    }

    /** Copies a bundle to {@code out} with node 0's entry data replaced and its manifest entry re-stamped to match. */
    static Path withNodeData(Path bundle, Path out, byte[] data, long declaredEvents) {
        Map<String, byte[]> entries = entries(bundle);
        ObjectNode manifest = manifest(entries);
        ObjectNode node = (ObjectNode) manifest.get("nodes").get(0);
        node.put("size", data.length).put("sha256", sha256Hex(data)).put("events", declaredEvents);
        node.putObject("eventCounts").put("flow", declaredEvents);
        entries.put(EntryNames.nodeEntry(0), data);
        entries.put(EntryNames.MANIFEST, json(manifest));
        return writeZip(out, entries, Set.of());
    }

    static ObjectNode manifest(Map<String, byte[]> entries) {
        try {
            return (ObjectNode) JSON.readTree(entries.get(EntryNames.MANIFEST));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] json(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Events in {@code writeDelimitedTo} framing. */
    static byte[] delimited(List<SensorEvent> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (SensorEvent event : events) {
                event.writeDelimitedTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code first} followed by {@code more}, each taken as one byte (0x80 means 0x80). */
    static byte[] concat(byte[] first, int... more) {
        byte[] out = java.util.Arrays.copyOf(first, first.length + more.length);
        for (int i = 0; i < more.length; i++) {
            out[first.length + i] = (byte) more[i];
        }
        return out;
    }

    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Replays every node of a bundle into one list per node. */
    static Map<Integer, List<SensorEvent>> replayAll(BundleReader reader) throws BundleException {
        Map<Integer, List<SensorEvent>> out = new LinkedHashMap<>();
        for (Manifest.Node node : reader.manifest().nodes()) {
            List<SensorEvent> events = new ArrayList<>();
            reader.replay(node.index(), events::add);
            out.put(node.index(), events);
        }
        return out;
    }

    /** The message of the BundleException that {@code open} throws; fails if it opens. */
    static BundleException openFails(Path bundle) {
        try (BundleReader reader = BundleReader.open(bundle)) {
            throw new AssertionError("expected " + bundle + " to be refused, but it opened: " + reader.manifest());
        } catch (BundleException e) {
            return e;
        }
    }
}
