package dev.nightjar.sensor.cli;

import dev.nightjar.sensor.collect.Collector;
import dev.nightjar.sensor.collect.KernelCollectorsConfig;
import dev.nightjar.sensor.proc.ProcessCollector;
import dev.nightjar.sensor.proc.ProcessResolver;
import dev.nightjar.sensor.server.CollectorFactory;
import dev.nightjar.sensor.server.SensorOptions;
import java.util.ArrayList;
import java.util.List;

/** The collectors {@code serve} runs: the kernel ones (flows, drops, syscalls, profile), then process attribution. */
public final class DefaultCollectorFactory implements CollectorFactory {

    private static final int PROCESS_CACHE_CAPACITY = 16_384;

    @Override
    public List<Collector> create(SensorOptions options) {
        List<Collector> collectors = new ArrayList<>(KernelCollectors.create(KernelCollectorsConfig.defaults()
                .withProcRoot(options.procRoot())
                .withSysRoot(options.sysRoot())
                .withCgroupRoot(options.cgroupRoot())));
        collectors.add(new ProcessCollector(
                new ProcessResolver(options.procRoot(), options.cgroupRoot(), PROCESS_CACHE_CAPACITY),
                ProcessCollector.Settings.defaults()));
        return collectors;
    }
}
