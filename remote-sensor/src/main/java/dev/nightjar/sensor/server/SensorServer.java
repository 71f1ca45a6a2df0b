package dev.nightjar.sensor.server;

import dev.nightjar.protocol.grpc.SensorService;
import dev.nightjar.protocol.v1.SensorResources;
import dev.nightjar.sensor.collect.Collector;
import dev.nightjar.sensor.proc.CgroupTree;
import dev.nightjar.sensor.proc.ProcFiles;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The sensor process's gRPC side: the Sensor service behind the token check,
 * the event hub the collectors publish into, the periodic heartbeat and loss
 * reports, and the idle exit.
 *
 * <pre>{@code
 * SensorServer server = new SensorServer(NettyServerBuilder.forAddress(addr), config, collectors).start();
 * server.port();               // the bound port (a real one even when asked for 0)
 * server.awaitTermination();   // until close() or the idle exit
 * server.close();              // streams completed, collectors closed in reverse order, grace, then forced
 * }</pre>
 *
 * The builder decides the transport: tests pass an in-process builder or Netty
 * on a loopback port; {@code serve} passes Netty on the address it was given.
 */
public final class SensorServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SensorServer.class.getName());

    private final SensorServerConfig config;
    private final List<Collector> collectors;
    private final EventHub hub = new EventHub();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("nightjar-sensor-timer").daemon(true).factory());
    private final ExecutorService drainExecutor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("nightjar-stream-", 0).factory());
    private final StreamReports reports;
    private final SensorInfoSource info;
    private final StreamMemory streamMemory;
    private final IdleWatchdog watchdog; // null when idle exit is off
    private final Server server;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicLong reportFailures = new AtomicLong();
    private final long processStartNanos = processStartNanos();
    private volatile String stopReason;

    public SensorServer(ServerBuilder<?> builder, SensorServerConfig config, List<Collector> collectors) {
        this.config = config;
        this.collectors = List.copyOf(collectors);
        this.streamMemory = new StreamMemory(config.streamMemoryBytes());
        SelfResources self = new SelfResources();
        Supplier<SensorResources> resources = () -> resources(self);
        this.info = new SensorInfoSource(config.nodeName(),
                NodeFacts.read(config.procRoot(), config.sysRoot()), this.collectors, resources, config.sensorVersion(),
                processStartNanos, ProcFiles.bootTimeNanos(config.procRoot()));
        this.reports = new StreamReports(hub, this.collectors, resources);
        CgroupTree cgroups = new CgroupTree(new SensorOptions(config.procRoot(), config.sysRoot(), config.nodeName())
                .cgroupRoot());
        var streams = new SensorServiceHandler.Streams(config.nodeName(), config.queueCapacity(), config.maxStreams(),
                streamMemory, asked -> new StreamFilter(asked, cgroups::isUnder, config.noiseDropReasons()));
        var handler = new SensorServiceHandler(hub, new FilterPolicy(this.collectors),
                new TargetRequests(cgroups, info::defaultSyscalls), info, drainExecutor, streams, stopping::get);
        ServerServiceDefinition service = SensorService.bind(handler);
        TokenInterceptor tokenCheck = new TokenInterceptor(config.token());
        if (config.idleExit().isZero()) {
            this.watchdog = null;
            service = ServerInterceptors.intercept(service, tokenCheck);
        } else {
            this.watchdog = new IdleWatchdog(config.idleExit(), System::nanoTime, this::idleExit);
            // The last interceptor runs first: only authenticated calls count as activity.
            service = ServerInterceptors.intercept(service, new ActivityInterceptor(watchdog), tokenCheck);
        }
        this.server = builder.addService(service).build();
    }

    /**
     * Starts the collectors, all at once (each loads its own kernel objects: on a node with
     * more than one core that is what makes start-up short), waits for all of them, then
     * listens. Collectors are closed again, in reverse list order, if listening fails.
     * The time from process start until every collector has attached (or failed) is in
     * GetInfo's startup_ns.
     */
    public SensorServer start() throws IOException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        List<Thread> starting = new ArrayList<>(collectors.size());
        for (Collector collector : collectors) {
            starting.add(Thread.ofPlatform().name("nightjar-start-" + collector.feature().name().toLowerCase(Locale.ROOT))
                    .start(() -> startOne(collector)));
        }
        for (Thread thread : starting) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // keep going: the collectors finish starting anyway
            }
        }
        long startup = Math.max(1, ProcFiles.selfAgeNanos());
        info.startupTook(startup);
        LOG.log(System.Logger.Level.INFO, "all collectors attached {0} ms after the process started",
                startup / 1_000_000);
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            stop("could not listen: " + e.getMessage());
            throw e;
        }
        long report = config.reportInterval().toNanos();
        timer.scheduleAtFixedRate(this::reportSafely, report, report, TimeUnit.NANOSECONDS);
        if (watchdog != null) {
            watchdog.schedule(timer);
        }
        return this;
    }

    /** What /proc says about this process, plus the heap and the streams' share of it. */
    private SensorResources resources(SelfResources self) {
        Runtime runtime = Runtime.getRuntime();
        return self.read().toBuilder()
                .setHeapUsedBytes(runtime.totalMemory() - runtime.freeMemory())
                .setHeapMaxBytes(runtime.maxMemory())
                .setStreamQueueBytes(streamMemory.usedBytes())
                .setStreamQueueLimitBytes(streamMemory.limitBytes())
                .build();
    }

    private void startOne(Collector collector) {
        long began = System.nanoTime();
        try {
            collector.start(hub);
        } catch (RuntimeException e) {
            // The contract says start() records failures in state(); this one did not.
            LOG.log(System.Logger.Level.ERROR, "collector " + collector.feature() + " failed to start", e);
        }
        LOG.log(System.Logger.Level.DEBUG, "collector {0} started in {1} ms", collector.feature(),
                (System.nanoTime() - began) / 1_000_000);
    }

    /**
     * A scheduled task that throws is never run again, and then no stream would get a heartbeat:
     * anything thrown (an OutOfMemoryError included) is logged and the next tick tries again.
     */
    private void reportSafely() {
        try {
            reports.tick();
        } catch (Throwable e) {
            reportFailures.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "stream report failed; the next one tries again", e);
        }
    }

    /** Heartbeat/loss-report ticks that failed since start. */
    public long reportFailures() {
        return reportFailures.get();
    }

    private void idleExit() {
        String reason = "no client for " + config.idleExit() + " (idle exit)";
        // Not on the timer thread: stopping shuts that timer down and waits.
        Thread.ofPlatform().name("nightjar-idle-exit").start(() -> stop(reason));
    }

    /** The port the server listens on, or -1 for a transport without ports (in-process). */
    public int port() {
        return server.getPort();
    }

    public List<? extends SocketAddress> listenAddresses() {
        return server.getListenSockets();
    }

    /** The estimated heap all streams' queued events hold now, and their bound. */
    public long streamMemoryUsed() {
        return streamMemory.usedBytes();
    }

    public long streamMemoryLimit() {
        return streamMemory.limitBytes();
    }

    /** Where collectors publish; tests publish into it directly. */
    public EventHub hub() {
        return hub;
    }

    /** Why the server stopped, once it has. */
    public Optional<String> stopReason() {
        return Optional.ofNullable(stopReason);
    }

    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        stop("stopped");
    }

    /**
     * Refuses new calls, completes the open streams, closes the collectors in
     * reverse order, then gives calls the grace period before forcing them.
     * A second caller waits for the first to finish.
     */
    void stop(String reason) {
        if (!stopping.compareAndSet(false, true)) {
            awaitQuietly();
            return;
        }
        stopReason = reason;
        LOG.log(System.Logger.Level.INFO, "sensor stopping: {0}", reason);
        timer.shutdownNow();
        server.shutdown();
        hub.completeAll();
        for (Collector collector : collectors.reversed()) {
            try {
                collector.close();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "closing collector " + collector.feature() + " failed", e);
            }
        }
        try {
            if (!server.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            drainExecutor.shutdown();
            terminated.countDown();
        }
    }

    private void awaitQuietly() {
        try {
            terminated.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long processStartNanos() {
        Instant start = ProcessHandle.current().info().startInstant().orElseGet(Instant::now);
        return start.getEpochSecond() * 1_000_000_000L + start.getNano();
    }
}
