package dev.nightjar.sensor.server;

import dev.nightjar.protocol.grpc.SensorClient;
import dev.nightjar.sensor.collect.Collector;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** A real {@link SensorServer} on a real 127.0.0.1 port, and a plaintext channel to it. */
public final class LoopbackSensor implements AutoCloseable {

    public static final String TOKEN = "test-token-0123456789abcdef";
    public static final String NODE = "node-test";

    private final SensorServer server;
    private final ManagedChannel channel;

    private LoopbackSensor(SensorServer server) {
        this.server = server;
        this.channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    }

    public static LoopbackSensor start(List<Collector> collectors) throws IOException {
        return start(collectors, b -> b);
    }

    public static LoopbackSensor start(List<Collector> collectors, UnaryOperator<SensorServerConfig.Builder> tweak)
            throws IOException {
        SensorServerConfig config = tweak.apply(SensorServerConfig.builder(NODE, SessionToken.of(TOKEN))
                .procRoot(Path.of("/proc")).sysRoot(Path.of("/sys"))
                .idleExit(Duration.ZERO).shutdownGrace(Duration.ofSeconds(2))).build();
        var builder = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new LoopbackSensor(new SensorServer(builder, config, collectors).start());
    }

    public SensorServer server() {
        return server;
    }

    public ManagedChannel channel() {
        return channel;
    }

    public SensorClient client() {
        return new SensorClient(channel, TOKEN);
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        try {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.close();
        }
    }
}
