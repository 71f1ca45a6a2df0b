package dev.nightjar.sensor.cli;

import dev.nightjar.sensor.collect.Collector;
import dev.nightjar.sensor.collect.KernelCollectorsConfig;
import dev.nightjar.sensor.drops.DropCollector;
import dev.nightjar.sensor.flows.FlowCollector;
import dev.nightjar.sensor.profile.ProfileCollector;
import dev.nightjar.sensor.requests.RequestAssembler;
import dev.nightjar.sensor.requests.RequestCollector;
import dev.nightjar.sensor.security.SecurityCollector;
import dev.nightjar.sensor.syscalls.SyscallCollector;
import java.time.Duration;
import java.util.List;

/**
 * The collectors backed by the kernel programs in bpf/, for the serve command.
 * This wiring lives in the CLI layer, the composition root, so that
 * {@code collect} (what every collector shares) does not depend on the
 * packages that implement the collectors:
 *
 * <pre>{@code
 * List<Collector> collectors = KernelCollectors.create(KernelCollectorsConfig.defaults()
 *         .withProcRoot(Path.of("/host/proc")).withSysRoot(Path.of("/host/sys")));
 * collectors.forEach(c -> c.start(sink));          // never throws for a missing kernel feature
 * collectors.forEach(c -> c.applyFilter(filter));  // per subscription
 * collectors.stream().map(Collector::state) ...    // SensorInfo.features
 * collectors.forEach(Collector::close);            // on shutdown
 * }</pre>
 */
public final class KernelCollectors {

    /** Longer than flows ever took to load here (about 2 s at load 20); drops go on without pids after it. */
    private static final Duration FLOWS_START_WAIT = Duration.ofSeconds(30);

    private KernelCollectors() {
    }

    /**
     * New, not yet started {@link FlowCollector}, {@link DropCollector}, {@link SyscallCollector},
     * {@link ProfileCollector}, {@link RequestCollector} (its chunks parsed by a
     * {@link RequestAssembler}) and {@link SecurityCollector}, in that order.
     */
    public static List<Collector> create(KernelCollectorsConfig config) {
        // Drops read socket owners and listening ports from the flow programs' maps. The server
        // starts collectors in parallel, so drops wait (bounded) until flows has loaded or failed.
        FlowCollector flows = new FlowCollector(config);
        return List.of(flows, new DropCollector(config, () -> flows.sharedMapsOnceStarted(FLOWS_START_WAIT)),
                new SyscallCollector(config),
                new ProfileCollector(config),
                new RequestCollector(config, RequestAssembler::new),
                new SecurityCollector(config));
    }
}
