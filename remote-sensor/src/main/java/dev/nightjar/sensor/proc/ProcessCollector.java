package dev.nightjar.sensor.proc;

import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.FeatureState;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.protocol.v1.ProcessInfo;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.sensor.collect.Collector;
import dev.nightjar.sensor.collect.EventSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The PROCESSES feature: scans the proc root periodically and publishes a
 * {@link ProcessInfo} for each new process and one with {@code exited=true}
 * when it is gone.
 *
 * <p>Each scan lists the pid directories (cheap) but resolves at most
 * {@code maxResolvesPerScan} processes (a few small file reads each); the rest
 * wait for the next scan, so a node with many processes is covered over a few
 * scans instead of in one burst. A process that starts and exits between two
 * scans is never seen: this is a sampler, not an exec tracer.
 *
 * <p>A new filter (which is pushed on every subscription) also re-sends every
 * matching live process, so a client that subscribes late still gets the
 * current process table. Only pids and cgroup ids of the filter apply here.
 *
 * <p>State kept per pid is two bits (bounded by the kernel's pid_max); the
 * details live in the resolver's bounded cache. The sink counts what it
 * drops, so this collector reports no losses of its own.
 */
public final class ProcessCollector implements Collector {

    private static final System.Logger LOG = System.getLogger(ProcessCollector.class.getName());

    public record Settings(Duration scanInterval, int maxResolvesPerScan) {
        public Settings {
            if (scanInterval.isNegative() || scanInterval.isZero()) {
                throw new IllegalArgumentException("scanInterval must be positive, was " + scanInterval);
            }
            if (maxResolvesPerScan < 1) {
                throw new IllegalArgumentException("maxResolvesPerScan must be at least 1, was " + maxResolvesPerScan);
            }
        }

        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(1), 2048);
        }
    }

    /** What one scan did, for tests and logs. */
    record ScanResult(int live, int published, int exited, int deferred) {
    }

    private final ProcessResolver resolver;
    private final Settings settings;

    // Touched only by the scanning thread.
    private final BitSet seen = new BitSet();       // resolved at least once, live at the last scan
    private final BitSet published = new BitSet();  // published as live and not yet as exited
    private final ArrayDeque<Integer> resend = new ArrayDeque<>();

    private volatile Filter filter = Filter.getDefaultInstance();
    private volatile boolean resendRequested;
    private volatile FeatureState state = state(false, "not started");
    private ScheduledExecutorService scanner;

    public ProcessCollector(ProcessResolver resolver, Settings settings) {
        this.resolver = resolver;
        this.settings = settings;
    }

    @Override
    public Feature feature() {
        return Feature.FEATURE_PROCESSES;
    }

    @Override
    public synchronized void start(EventSink sink) {
        if (scanner != null) {
            return;
        }
        try {
            listPids();
            state = state(true, "");
        } catch (UncheckedIOException e) {
            state = state(false, "cannot list " + resolver.procRoot() + " (" + e.getCause()
                    + "); mount the host's /proc there (read-only, with hostPID) or pass --proc-root");
            return;
        }
        scanner = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("nightjar-process-scan").daemon(true).factory());
        long period = settings.scanInterval().toMillis();
        scanner.scheduleWithFixedDelay(() -> scanSafely(sink), 0, period, TimeUnit.MILLISECONDS);
    }

    private void scanSafely(EventSink sink) {
        try {
            scanOnce(sink);
        } catch (Throwable e) {
            // One bad scan, an Error such as OutOfMemoryError included, must not end the schedule
            // (anything thrown out of a scheduled task cancels it for good).
            LOG.log(System.Logger.Level.WARNING, "process scan failed; retrying next interval", e);
        }
    }

    @Override
    public FeatureState state() {
        return state;
    }

    @Override
    public void applyFilter(Filter newFilter) {
        filter = newFilter;
        resendRequested = true;
    }

    @Override
    public List<LossCounter> lossCounters() {
        return List.of();
    }

    @Override
    public synchronized void close() {
        if (scanner != null) {
            scanner.shutdownNow();
            try {
                scanner.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        state = state(false, "closed");
    }

    /** One scan; runs on the scanner thread, or directly in tests. */
    ScanResult scanOnce(EventSink sink) {
        BitSet live = listPids();
        int exited = publishExits(live, sink);
        seen.and(live);
        if (resendRequested) {
            resendRequested = false;
            resend.clear();
            seen.stream().forEach(resend::add);
        }
        Filter current = filter;
        int budget = settings.maxResolvesPerScan();
        int publishedNow = 0;
        int deferred = 0;
        for (int pid = live.nextSetBit(0); pid >= 0; pid = live.nextSetBit(pid + 1)) {
            if (seen.get(pid)) {
                continue;
            }
            if (budget == 0) {
                deferred++;
                continue;
            }
            budget--;
            if (resolveAndPublish(pid, current, sink)) {
                publishedNow++;
            }
        }
        while (budget > 0 && !resend.isEmpty()) {
            int pid = resend.poll();
            if (seen.get(pid)) {
                budget--;
                if (resolveAndPublish(pid, current, sink)) {
                    publishedNow++;
                }
            }
        }
        return new ScanResult(live.cardinality(), publishedNow, exited, deferred + resend.size());
    }

    private boolean resolveAndPublish(int pid, Filter current, EventSink sink) {
        var details = resolver.resolve(pid);
        if (details.isEmpty() || details.get().exited()) {
            return false; // exited between the listing and the read
        }
        seen.set(pid);
        if (!matches(details.get(), current)) {
            return false;
        }
        published.set(pid);
        sink.publish(event(details.get().toProto()));
        return true;
    }

    private int publishExits(BitSet live, EventSink sink) {
        int exited = 0;
        for (int pid = published.nextSetBit(0); pid >= 0; pid = published.nextSetBit(pid + 1)) {
            if (live.get(pid)) {
                continue;
            }
            int gonePid = pid;
            ProcessInfo info = resolver.resolve(pid)
                    .map(d -> d.asExited().toProto())
                    .orElseGet(() -> ProcessInfo.newBuilder().setPid(gonePid).setExited(true).build());
            sink.publish(event(info));
            published.clear(pid);
            exited++;
        }
        return exited;
    }

    private BitSet listPids() {
        BitSet pids = new BitSet();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(resolver.procRoot())) {
            for (Path dir : dirs) {
                int pid = parsePid(dir.getFileName().toString());
                if (pid > 0) {
                    pids.set(pid);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + resolver.procRoot(), e);
        }
        return pids;
    }

    private static int parsePid(String name) {
        if (name.isEmpty() || name.length() > 10) {
            return -1;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return -1;
            }
        }
        long value = Long.parseLong(name);
        return value > Integer.MAX_VALUE ? -1 : (int) value;
    }

    private static boolean matches(ProcessDetails details, Filter filter) {
        return (filter.getPidsCount() == 0 || filter.getPidsList().contains(details.pid()))
                && (filter.getCgroupIdsCount() == 0 || filter.getCgroupIdsList().contains(details.cgroupId()));
    }

    private static SensorEvent event(ProcessInfo info) {
        return SensorEvent.newBuilder().setTimestampNs(ProcFiles.epochNanosNow()).setProcess(info).build();
    }

    private static FeatureState state(boolean running, String reason) {
        return FeatureState.newBuilder().setFeature(Feature.FEATURE_PROCESSES).setRunning(running).setReason(reason).build();
    }
}
