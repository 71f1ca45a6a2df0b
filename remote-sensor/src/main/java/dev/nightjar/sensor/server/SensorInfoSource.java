package dev.nightjar.sensor.server;

import dev.nightjar.protocol.grpc.SensorService;
import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.FeatureState;
import dev.nightjar.protocol.v1.SensorInfo;
import dev.nightjar.protocol.v1.SensorResources;
import dev.nightjar.sensor.collect.Collector;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Builds the SensorInfo answer: the node, the sensor, its protocol version and
 * capabilities, how long it took to attach, one FeatureState per feature and what
 * each collector adds about itself ({@link Collector#describe}). A feature no
 * collector provides is reported as not running, with that as the reason, so the
 * desktop can show every feature's state.
 */
final class SensorInfoSource {

    /** What this sensor offers beyond protocol 1, by name (SensorInfo.capabilities). */
    static final List<String> CAPABILITIES = List.of("targets", "update-subscription", "per-stream-filters",
            "stream-memory-budget", "requests", "security-events");

    private final String nodeName;
    private final NodeFacts facts;
    private final List<Collector> collectors;
    private final Supplier<SensorResources> resources;
    private final String version;
    private final long startedAtNs;
    private final long bootTimeNs;
    private volatile long startupNs;

    SensorInfoSource(String nodeName, NodeFacts facts, List<Collector> collectors, Supplier<SensorResources> resources,
                     String version, long startedAtNs, long bootTimeNs) {
        this.nodeName = nodeName;
        this.facts = facts;
        this.collectors = List.copyOf(collectors);
        this.resources = resources;
        this.version = version;
        this.startedAtNs = startedAtNs;
        this.bootTimeNs = bootTimeNs;
    }

    /** From process start to every collector attached (or failed with its reason). */
    void startupTook(long nanos) {
        startupNs = nanos;
    }

    SensorInfo current() {
        SensorInfo.Builder info = SensorInfo.newBuilder()
                .setNodeName(nodeName)
                .setKernelRelease(facts.kernelRelease())
                .setArchitecture(facts.architecture())
                .setBtfPresent(facts.btfPresent())
                .addAllFeatures(features())
                .setSensorVersion(version)
                .setResources(resources.get())
                .setStartedAtNs(startedAtNs)
                .setBootTimeNs(bootTimeNs)
                .setProtocolVersion(SensorService.PROTOCOL_VERSION)
                .addAllCapabilities(CAPABILITIES)
                .setStartupNs(startupNs);
        for (Collector collector : collectors) {
            try {
                collector.describe(info);
            } catch (RuntimeException e) {
                // its FeatureState still says how it is; the details are optional
            }
        }
        return info.build();
    }

    /** What an empty SyscallTarget.syscalls means now (SensorInfo.syscall_tracing.default_syscalls). */
    List<String> defaultSyscalls() {
        SensorInfo.Builder details = SensorInfo.newBuilder();
        for (Collector collector : collectors) {
            try {
                collector.describe(details);
            } catch (RuntimeException e) {
                // as in current()
            }
        }
        return details.getSyscallTracing().getDefaultSyscallsList();
    }

    List<FeatureState> features() {
        List<FeatureState> states = new ArrayList<>();
        Set<Feature> covered = EnumSet.noneOf(Feature.class);
        for (Collector collector : collectors) {
            states.add(stateOf(collector));
            covered.add(collector.feature());
        }
        for (Feature feature : Feature.values()) {
            if (feature != Feature.FEATURE_UNSPECIFIED && feature != Feature.UNRECOGNIZED && !covered.contains(feature)) {
                states.add(FeatureState.newBuilder().setFeature(feature).setRunning(false)
                        .setReason("this sensor build has no collector for this feature").build());
            }
        }
        return states;
    }

    private static FeatureState stateOf(Collector collector) {
        try {
            return collector.state();
        } catch (RuntimeException e) {
            return FeatureState.newBuilder().setFeature(collector.feature()).setRunning(false)
                    .setReason("the collector could not report its state: " + e).build();
        }
    }
}
