package dev.nightjar.sensor.cli;

import dev.nightjar.protocol.text.IpAddressText;
import dev.nightjar.sensor.collect.Collector;
import dev.nightjar.sensor.server.CollectorFactory;
import dev.nightjar.sensor.server.SensorOptions;
import dev.nightjar.sensor.server.SensorServer;
import dev.nightjar.sensor.server.SensorServerConfig;
import dev.nightjar.sensor.server.SessionToken;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code serve}: runs the collectors and the gRPC server until stopped or idle. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the sensor: collectors plus the gRPC stream, for one session.",
                "Prints 'listening on HOST:PORT' once it accepts connections."})
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--listen", required = true, paramLabel = "HOST:PORT",
            description = "Address to listen on; loopback only unless --allow-remote. Port 0 picks a free port.")
    String listen;

    @Option(names = "--token-file", required = true, paramLabel = "FILE",
            description = "File holding the session token (one line; must not be world-readable).")
    Path tokenFile;

    @Option(names = "--proc-root", defaultValue = "/proc", paramLabel = "DIR",
            description = "The host's /proc (default: ${DEFAULT-VALUE}; /host/proc in a pod).")
    Path procRoot;

    @Option(names = "--sys-root", defaultValue = "/sys", paramLabel = "DIR",
            description = "The host's /sys (default: ${DEFAULT-VALUE}; /host/sys in a pod).")
    Path sysRoot;

    @Option(names = "--idle-exit", defaultValue = "10m", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Exit after this long with no client connected; 0 never exits (default: ${DEFAULT-VALUE}).")
    Duration idleExit;

    @Option(names = "--node-name", paramLabel = "NAME",
            description = "Node name stamped on events (default: $NODE_NAME, else the host name).")
    String nodeName;

    @Option(names = "--allow-remote",
            description = "Allow a non-loopback --listen address. The stream is not encrypted.")
    boolean allowRemote;

    @Option(names = "--queue-capacity", defaultValue = "65536", paramLabel = "EVENTS",
            description = "Events buffered per client before they are dropped and counted (default: ${DEFAULT-VALUE}).")
    int queueCapacity;

    @Option(names = "--report-interval", defaultValue = "2s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How often each stream gets a heartbeat and loss counters (default: ${DEFAULT-VALUE}).")
    Duration reportInterval;

    @Spec
    CommandSpec spec;

    private final CollectorFactory collectorFactory;
    private volatile SensorServer running;

    public ServeCommand() {
        this(new DefaultCollectorFactory());
    }

    public ServeCommand(CollectorFactory collectorFactory) {
        this.collectorFactory = collectorFactory;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return serve(spec.commandLine().getOut(), err);
        } catch (CliFailure failure) {
            err.println("serve: " + failure.getMessage());
            err.flush();
            return failure.exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CliFailure.RUNTIME;
        }
    }

    private int serve(PrintWriter out, PrintWriter err) throws CliFailure, InterruptedException {
        InetSocketAddress address = ListenPolicy.check(HostPort.parse(listen), allowRemote, InetAddress::getAllByName);
        SessionToken token = SessionToken.of(TokenFile.read(tokenFile));
        if (queueCapacity < 1) {
            throw new CliFailure(CliFailure.USAGE, "--queue-capacity must be at least 1");
        }
        if (reportInterval.isZero()) {
            throw new CliFailure(CliFailure.USAGE, "--report-interval must be more than 0");
        }
        String node = NodeName.resolve(nodeName, System.getenv(), Path.of("/proc"));
        SensorServerConfig config = SensorServerConfig.builder(node, token).sensorVersion(SensorVersion.current())
                .procRoot(procRoot).sysRoot(sysRoot).queueCapacity(queueCapacity)
                .reportInterval(reportInterval).idleExit(idleExit).build();
        List<Collector> collectors = collectorFactory.create(new SensorOptions(procRoot, sysRoot, node));
        SensorServer server = new SensorServer(NettyServerBuilder.forAddress(address), config, collectors);
        try {
            server.start();
        } catch (IOException e) {
            throw new CliFailure(CliFailure.RUNTIME, "cannot listen on " + HostPort.parse(listen) + ": "
                    + rootMessage(e));
        }
        running = server;
        Thread hook = Thread.ofPlatform().unstarted(server::close);
        Runtime.getRuntime().addShutdownHook(hook); // SIGTERM (pod deletion) and Ctrl-C stop cleanly
        try {
            out.println("listening on " + boundAddress(server, address));
            out.flush();
            server.awaitTermination();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down and runs the hook
            }
        }
        err.println("serve: " + server.stopReason().orElse("stopped"));
        err.flush();
        return 0;
    }

    /** Stops a running {@code serve} the way SIGTERM does. */
    public void shutdown() {
        SensorServer server = running;
        if (server != null) {
            server.close();
        }
    }

    private static String boundAddress(SensorServer server, InetSocketAddress requested) {
        for (SocketAddress bound : server.listenAddresses()) {
            if (bound instanceof InetSocketAddress inet) {
                return HostPort.format(IpAddressText.of(inet.getAddress().getAddress()), inet.getPort());
            }
        }
        return HostPort.format(IpAddressText.of(requested.getAddress().getAddress()), server.port());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
