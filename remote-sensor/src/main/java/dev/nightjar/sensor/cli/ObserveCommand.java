package dev.nightjar.sensor.cli;

import dev.nightjar.protocol.grpc.SensorClient;
import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.RequestTarget;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SubscribeRequest;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code observe}: a terminal client for one sensor, one line per event. */
@Command(name = "observe", mixinStandardHelpOptions = true,
        description = {"Stream events from a running sensor, one line each (or JSON with --json).",
                "Runs until --duration has passed, the sensor ends the stream, or Ctrl-C."})
public final class ObserveCommand implements Callable<Integer> {

    @Option(names = "--sensor", required = true, paramLabel = "HOST:PORT", description = "The sensor's address.")
    String sensor;

    @Option(names = "--token-file", required = true, paramLabel = "FILE", description = "File holding the session token (one line; must not be world-readable).")
    Path tokenFile;

    @Option(names = "--json", description = "One JSON object per line (protobuf JSON; tuples also carry srcIp/dstIp as text).")
    boolean json;

    @Option(names = "--kinds", split = ",", paramLabel = "KIND", converter = KindConverter.class,
            description = "flows, drops, syscalls, profile, processes, requests, security (default: flows,drops).")
    List<EventKind> kinds = new ArrayList<>();

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this long, e.g. 30s, 5m (default: until stopped).")
    Duration duration;

    @Option(names = "--pid", paramLabel = "N", description = "Only these processes (repeatable).")
    List<Integer> pids = new ArrayList<>();

    @Option(names = "--port", paramLabel = "N", description = "Only flows and drops with this port on either side (repeatable).")
    List<Integer> ports = new ArrayList<>();

    @Option(names = "--cgroup-id", paramLabel = "N", description = "Only tasks in this cgroup v2 id (repeatable).")
    List<Long> cgroupIds = new ArrayList<>();

    @Option(names = "--latency-threshold", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Send syscalls slower than this one by one (default on the sensor: 1ms).")
    Duration latencyThreshold;

    @Option(names = "--frequency", paramLabel = "HZ", description = "CPU sampling frequency (default on the sensor: 99).")
    int frequencyHz;

    @Option(names = "--syscalls-whole-node", description = "Trace syscalls of every process when no --pid/--cgroup-id is given.")
    boolean syscallsWholeNode;

    @Option(names = "--syscalls", split = ",", paramLabel = "NAME",
            description = "Only these syscalls, e.g. read,connect (default: every syscall). A set the sensor can"
                    + " trace with fentry costs nothing to other processes.")
    List<String> syscallNames = new ArrayList<>();

    @Option(names = "--include-noise-drops", description = "Also show drop reasons that are noise on a normal host.")
    boolean includeNoiseDrops;

    @Option(names = "--policy", paramLabel = "FILE.yaml",
            description = "With --kinds security: a TracingPolicy (Tetragon's YAML, the subset in"
                    + " docs/SECURITY-EVENTS.md) to run; repeatable. Without it the sensor's default set runs.")
    List<Path> policies = new ArrayList<>();

    @Option(names = "--utc", description = "Print times in UTC instead of the local time zone.")
    boolean utc;

    @Option(names = "--protocol", split = ",", paramLabel = "NAME", converter = ProtocolConverter.class,
            description = "Requests: only http, http2, grpc, dns, postgres, redis (repeatable).")
    List<AppProtocol> protocols = new ArrayList<>();

    @Option(names = "--http-status", paramLabel = "CODE", description = "Requests: only this HTTP status (500) or class (5xx).")
    String httpStatus;

    @Option(names = "--http-method", paramLabel = "METHOD", description = "Requests: only this HTTP method.")
    String httpMethod;

    @Option(names = "--http-path", paramLabel = "GLOB", description = "Requests: only paths (routes for counts) matching, e.g. '/orders/*'.")
    String httpPath;

    @Option(names = "--dns-query", paramLabel = "GLOB", description = "Requests: only DNS names matching, e.g. '*.svc.cluster.local'.")
    String dnsQuery;

    @Option(names = "--dns-rcode", paramLabel = "RCODE", description = "Requests: only this DNS response code (NXDOMAIN or 3).")
    String dnsRcode;

    @Option(names = "--min-latency", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Requests: only those at least this slow; the sensor then sends every request this slow.")
    Duration minLatency;

    @Option(names = "--sample-rate", paramLabel = "RATE",
            description = "Requests: share (0..1) of fast, successful requests also sent one by one (default 0).")
    double sampleRate;

    @Option(names = "--unmask-literals", description = "Requests: show query strings, SQL literals and Redis keys"
            + " as they were (masked with ? by default).")
    boolean unmaskLiterals;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return observe(spec.commandLine().getOut());
        } catch (CliFailure failure) {
            err.println("observe: " + failure.getMessage());
            err.flush();
            return failure.exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CliFailure.RUNTIME;
        }
    }

    private int observe(PrintWriter out) throws CliFailure, InterruptedException {
        HostPort target = HostPort.parse(sensor);
        if (target.port() == 0) {
            throw new CliFailure(CliFailure.USAGE, "--sensor " + sensor + ": port 0 is not a sensor's port");
        }
        String token = TokenFile.read(tokenFile);
        SubscribeRequest request = request();
        RequestLineFilter requestFilter = requestFilter();
        Function<SensorEvent, String> format = json ? new JsonLines()::format
                : new EventLines(utc ? ZoneOffset.UTC : ZoneId.systemDefault())::format;
        Function<SensorEvent, String> lines = event -> requestFilter.accepts(event) ? format.apply(event) : null;

        ManagedChannel channel = NettyChannelBuilder.forAddress(target.host(), target.port()).usePlaintext().build();
        CountDownLatch ended = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ClientCall<SubscribeRequest, SensorEvent> call = new SensorClient(channel, token).subscribe(request,
                new StreamObserver<>() {
                    @Override
                    public void onNext(SensorEvent event) {
                        String line = lines.apply(event);
                        if (line != null) {
                            synchronized (out) {
                                out.println(line);
                                out.flush();
                            }
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        failure.set(t);
                        ended.countDown();
                    }

                    @Override
                    public void onCompleted() {
                        ended.countDown();
                    }
                });
        AtomicBoolean stoppedHere = new AtomicBoolean();
        Thread ctrlC = Thread.ofPlatform().unstarted(() -> {
            stoppedHere.set(true);
            stop(call, channel, ended);
        });
        Runtime.getRuntime().addShutdownHook(ctrlC);
        try {
            boolean endedBySensor = duration == null ? await(ended) : ended.await(duration.toNanos(), TimeUnit.NANOSECONDS);
            if (!endedBySensor) {
                stoppedHere.set(true);
                stop(call, channel, ended);
            }
            if (stoppedHere.get()) {
                return 0; // the duration passed, or Ctrl-C: the CANCELLED that follows is ours
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(ctrlC);
            } catch (IllegalStateException e) {
                // Ctrl-C: the hook is running
            }
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        Throwable error = failure.get();
        if (error != null) {
            throw new CliFailure(CliFailure.RUNTIME, describe(Status.fromThrowable(error), target));
        }
        spec.commandLine().getErr().println("observe: the sensor at " + target + " ended the stream");
        return 0;
    }

    private static boolean await(CountDownLatch ended) throws InterruptedException {
        ended.await();
        return true;
    }

    private static void stop(ClientCall<SubscribeRequest, SensorEvent> call, ManagedChannel channel, CountDownLatch ended) {
        call.cancel("observe stopped", null);
        try {
            ended.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channel.shutdownNow();
    }

    SubscribeRequest request() throws CliFailure {
        Filter.Builder filter = Filter.newBuilder()
                .setProfileFrequencyHz(frequencyHz)
                .setSyscallsWholeNode(syscallsWholeNode)
                .setIncludeNoiseDrops(includeNoiseDrops);
        for (int pid : pids) {
            if (pid <= 0) {
                throw new CliFailure(CliFailure.USAGE, "--pid " + pid + " is not a process id");
            }
            filter.addPids(pid);
        }
        for (int port : ports) {
            if (port <= 0 || port > 65_535) {
                throw new CliFailure(CliFailure.USAGE, "--port " + port + " is not a port (1 to 65535)");
            }
            filter.addPorts(port);
        }
        filter.addAllCgroupIds(cgroupIds);
        if (latencyThreshold != null) {
            filter.setSyscallLatencyThresholdNs(latencyThreshold.toNanos());
        }
        if (frequencyHz < 0) {
            throw new CliFailure(CliFailure.USAGE, "--frequency must be positive");
        }
        filter.addAllSyscalls(syscallNames);
        if (!policies.isEmpty() && !kinds.contains(EventKind.EVENT_KIND_SECURITY)) {
            throw new CliFailure(CliFailure.USAGE, "--policy needs --kinds security");
        }
        filter.addAllSecurityPolicies(PolicyFiles.read(policies));
        if (sampleRate < 0 || sampleRate > 1 || Double.isNaN(sampleRate)) {
            throw new CliFailure(CliFailure.USAGE, "--sample-rate " + sampleRate + " is not a share (0 to 1)");
        }
        SubscribeRequest.Builder request = SubscribeRequest.newBuilder().addAllKinds(kinds).setFilter(filter);
        if (kinds.contains(EventKind.EVENT_KIND_REQUESTS)) {
            // requests exist only in targets (protocol 3); kinds + filter stay for older sensors
            request.setTargets(ObserveTargets.of(kinds, filter.build(), requestTarget()));
        }
        return request.build();
    }

    private RequestTarget requestTarget() {
        RequestTarget.Builder target = RequestTarget.newBuilder()
                .setTasks(ObserveTargets.tasks(filterTasksWholeNode(), pids, cgroupIds))
                .setSampleRate(sampleRate).setUnmaskLiterals(unmaskLiterals).addAllProtocols(protocols);
        if (minLatency != null) {
            target.setSlowThresholdNs(Math.max(1, minLatency.toNanos()));
        }
        return target.build();
    }

    /** Requests cover the whole node unless --pid or --cgroup-id narrow them. */
    private boolean filterTasksWholeNode() {
        return pids.isEmpty() && cgroupIds.isEmpty();
    }

    RequestLineFilter requestFilter() throws CliFailure {
        try {
            return new RequestLineFilter(Set.copyOf(protocols),
                    httpStatus == null ? null : RequestLineFilter.status(httpStatus),
                    httpMethod, httpPath == null ? null : RequestLineFilter.glob(httpPath),
                    dnsQuery == null ? null : RequestLineFilter.glob(dnsQuery), dnsRcode,
                    minLatency == null ? 0 : minLatency.toNanos());
        } catch (IllegalArgumentException e) {
            throw new CliFailure(CliFailure.USAGE, e.getMessage());
        }
    }

    /** One line for the ways a stream fails, naming what to check. */
    static String describe(Status status, HostPort target) {
        // gRPC's description is often just "io exception"; the cause says what happened.
        String cause = status.getCause() == null ? null : status.getCause().getMessage();
        String detail = status.getDescription() == null ? String.valueOf(cause)
                : cause == null ? status.getDescription() : status.getDescription() + ": " + cause;
        return switch (status.getCode()) {
            case UNAVAILABLE -> "cannot reach the sensor at " + target + " (" + detail
                    + "); is it running, and is the port-forward up?";
            case UNAUTHENTICATED -> "the sensor at " + target + " rejected the token (" + detail
                    + "); check --token-file";
            case INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION -> "the sensor at " + target
                    + " refused the subscription: " + detail;
            default -> "the stream from " + target + " failed: " + status.getCode() + " " + detail;
        };
    }

    /** {@code flows} → EVENT_KIND_FLOWS, with the accepted names in the error. */
    static final class KindConverter implements CommandLine.ITypeConverter<EventKind> {
        @Override
        public EventKind convert(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "flows" -> EventKind.EVENT_KIND_FLOWS;
                case "drops" -> EventKind.EVENT_KIND_DROPS;
                case "syscalls" -> EventKind.EVENT_KIND_SYSCALLS;
                case "profile" -> EventKind.EVENT_KIND_PROFILE;
                case "processes" -> EventKind.EVENT_KIND_PROCESSES;
                case "requests" -> EventKind.EVENT_KIND_REQUESTS;
                case "security" -> EventKind.EVENT_KIND_SECURITY;
                default -> throw new CommandLine.TypeConversionException("unknown kind '" + value
                        + "'; use flows, drops, syscalls, profile, processes, requests, security");
            };
        }
    }

    /** {@code grpc} → APP_PROTOCOL_GRPC, with the accepted names in the error. */
    static final class ProtocolConverter implements CommandLine.ITypeConverter<AppProtocol> {
        @Override
        public AppProtocol convert(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "http", "http1" -> AppProtocol.APP_PROTOCOL_HTTP1;
                case "http2" -> AppProtocol.APP_PROTOCOL_HTTP2;
                case "grpc" -> AppProtocol.APP_PROTOCOL_GRPC;
                case "dns" -> AppProtocol.APP_PROTOCOL_DNS;
                case "postgres", "postgresql" -> AppProtocol.APP_PROTOCOL_POSTGRES;
                case "redis" -> AppProtocol.APP_PROTOCOL_REDIS;
                default -> throw new CommandLine.TypeConversionException("unknown protocol '" + value
                        + "'; use http, http2, grpc, dns, postgres, redis");
            };
        }
    }
}
