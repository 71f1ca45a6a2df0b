package dev.nightjar.sensor.cli;

import dev.nightjar.sensor.collect.Collector;
import dev.nightjar.sensor.collect.KernelCollectorsConfig;
import dev.nightjar.sensor.collect.MemoryBudget;
import dev.nightjar.sensor.proc.ProcessCollector;
import dev.nightjar.sensor.proc.ProcessResolver;
import dev.nightjar.sensor.server.CollectorFactory;
import dev.nightjar.sensor.server.SensorOptions;
import java.util.ArrayList;
import java.util.List;

/** The collectors {@code serve} runs: the kernel ones (flows, drops, syscalls, profile), then process attribution. */
public final class DefaultCollectorFactory implements CollectorFactory {

    /** Up to 16,384 processes (the former fixed size), fewer when the heap's process share is smaller. */
    private static final int MAX_PROCESS_CACHE = 16_384;
    private static final int MIN_PROCESS_CACHE = 1_024;

    @Override
    public List<Collector> create(SensorOptions options) {
        KernelCollectorsConfig config = KernelCollectorsConfig.defaults()
                .withProcRoot(options.procRoot())
                .withSysRoot(options.sysRoot())
                .withCgroupRoot(options.cgroupRoot());
        List<Collector> collectors = new ArrayList<>(KernelCollectors.create(config));
        // The process collector has three quarters of the heap's process share; the profiler's resolver the rest.
        int processes = Math.min(MAX_PROCESS_CACHE, MemoryBudget.entries(config.memory().processCacheBytes() / 4 * 3,
                ProcessResolver.MAX_ENTRY_BYTES, MIN_PROCESS_CACHE));
        collectors.add(new ProcessCollector(new ProcessResolver(options.procRoot(), options.cgroupRoot(), processes),
                ProcessCollector.Settings.defaults()));
        return collectors;
    }
}
