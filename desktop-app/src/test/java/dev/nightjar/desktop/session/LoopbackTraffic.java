package dev.nightjar.desktop.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Real loopback TCP traffic for a real sensor to see as flows: a sink that accepts and
 * reads the test's own connections, and short connections to it with a few KiB each.
 */
final class LoopbackTraffic implements AutoCloseable {

    private final ServerSocket sink;

    private LoopbackTraffic(ServerSocket sink) {
        this.sink = sink;
    }

    static LoopbackTraffic start() throws IOException {
        LoopbackTraffic traffic = new LoopbackTraffic(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        Thread.ofPlatform().daemon().name("test-traffic-sink").start(traffic::drain);
        return traffic;
    }

    /** One short connection with 4 KiB: a flow the sensor sees. */
    void once() {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), sink.getLocalPort())) {
            s.getOutputStream().write(new byte[4096]);
        } catch (IOException e) {
            // the next round tries again
        }
    }

    /** Makes traffic every 100 ms until the condition holds; at most {@code wait}, then fails with {@code failure}. */
    void awaitWhileMaking(BooleanSupplier condition, Duration wait, Supplier<String> failure)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            once();
            Thread.sleep(100);
        }
        throw new AssertionError(failure.get());
    }

    private void drain() {
        while (!sink.isClosed()) {
            try (Socket s = sink.accept(); InputStream in = s.getInputStream()) {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // closed by the test
            }
        }
    }

    @Override
    public void close() throws IOException {
        sink.close();
    }
}
