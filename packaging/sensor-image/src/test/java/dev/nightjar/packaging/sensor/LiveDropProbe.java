package dev.nightjar.packaging.sensor;

import dev.nightjar.protocol.grpc.SensorClient;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SubscribeRequest;
import io.grpc.ClientCall;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Proves the drop programs do more than load: a TCP connect to a closed loopback
 * port makes the kernel free the SYN with reason NO_SOCKET, and the sensor in the
 * chroot must stream that drop, its location named from the host's kallsyms.
 */
final class LiveDropProbe {

    private static final int ATTEMPTS = 20;
    private static final long ATTEMPT_WAIT_MS = 500;

    private LiveDropProbe() {
    }

    /** The first drop the sensor reports for a connect to a closed port, if any within ~10 s. */
    static Optional<DropEvent> refusedConnectDrop(SensorClient client) throws IOException, InterruptedException {
        int closedPort = closedLoopbackPort();
        BlockingQueue<DropEvent> drops = new ArrayBlockingQueue<>(64); // bounded: extra drops are not needed
        SubscribeRequest request = SubscribeRequest.newBuilder()
                .addKinds(EventKind.EVENT_KIND_DROPS)
                .setFilter(Filter.newBuilder().addPorts(closedPort))
                .setFlushIntervalMs(200)
                .build();
        ClientCall<SubscribeRequest, SensorEvent> call = client.subscribe(request, new StreamObserver<>() {
            @Override
            public void onNext(SensorEvent event) {
                if (event.hasDrop()) {
                    drops.offer(event.getDrop());
                }
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        });
        try {
            // Repeated: the subscription's filter reaches the kernel shortly after the call starts.
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                refusedConnect(closedPort);
                DropEvent drop = drops.poll(ATTEMPT_WAIT_MS, TimeUnit.MILLISECONDS);
                if (drop != null) {
                    return Optional.of(drop);
                }
            }
            return Optional.empty();
        } finally {
            call.cancel("probe done", null);
        }
    }

    private static int closedLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void refusedConnect(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
        } catch (IOException expected) {
            // refused: the point of the exercise
        }
    }
}
