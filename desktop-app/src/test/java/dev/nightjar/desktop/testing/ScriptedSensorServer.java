package dev.nightjar.desktop.testing;

import dev.nightjar.protocol.grpc.SensorService;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.GetInfoRequest;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import dev.nightjar.protocol.v1.SubscribeRequest;
import dev.nightjar.protocol.v1.UpdateSubscriptionRequest;
import dev.nightjar.protocol.v1.UpdateSubscriptionResponse;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gRPC server on a real loopback port that speaks the sensor service and checks the
 * session token, with a scripted handler: each subscription gets a numbered batch of
 * drop events for one node and then stays open until the client goes. It stands in for
 * the sensor process because the desktop module may not depend on remote-sensor; what
 * the tests using it exercise is the path to it (port-forward, gRPC client), not a sensor.
 */
public final class ScriptedSensorServer implements AutoCloseable {

    /** The subscription id a protocol-2 server names in its stream's first event. */
    public static final long SUBSCRIPTION_ID = 41;

    private final Server server;
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final List<SubscribeRequest> subscribed = new CopyOnWriteArrayList<>();
    private final List<UpdateSubscriptionRequest> updates = new CopyOnWriteArrayList<>();

    public ScriptedSensorServer(String token, String node, int eventsPerSubscription) throws IOException {
        this(token, node, eventsPerSubscription, 0);
    }

    /** @param port 0 for any free port, or a given one (to come back on the port a client knows) */
    public ScriptedSensorServer(String token, String node, int eventsPerSubscription, int port) throws IOException {
        this(token, node, eventsPerSubscription, port, false);
    }

    /**
     * One that speaks protocol 2 as well: each stream opens with a SensorInfo naming its
     * subscription ({@link #SUBSCRIPTION_ID}), and {@code UpdateSubscription} is accepted and
     * recorded, so a client can change an open stream's targets in place.
     */
    public static ScriptedSensorServer retargetable(String token, String node, int eventsPerSubscription)
            throws IOException {
        return new ScriptedSensorServer(token, node, eventsPerSubscription, 0, true);
    }

    private ScriptedSensorServer(String token, String node, int eventsPerSubscription, int port, boolean protocol2)
            throws IOException {
        SensorService.Handler scripted = new SensorService.Handler() {
            @Override
            public void getInfo(GetInfoRequest request, StreamObserver<SensorInfo> response) {
                response.onNext(SensorInfo.getDefaultInstance());
                response.onCompleted();
            }

            @Override
            public void subscribe(SubscribeRequest request, StreamObserver<SensorEvent> events) {
                subscriptions.incrementAndGet();
                subscribed.add(request);
                if (protocol2) {
                    events.onNext(SensorEvent.newBuilder().setNode(node).setInfo(SensorInfo.newBuilder()
                            .setProtocolVersion(2).setSubscriptionId(SUBSCRIPTION_ID)).build());
                }
                for (int i = 0; i < eventsPerSubscription; i++) {
                    events.onNext(SensorEvent.newBuilder().setNode(node).setSequence(i + 1L).setTimestampNs(i)
                            .setDrop(DropEvent.newBuilder().setReasonName("NO_SOCKET").setCount(1)).build());
                }
            }

            @Override
            public void updateSubscription(UpdateSubscriptionRequest request,
                                           StreamObserver<UpdateSubscriptionResponse> response) {
                if (!protocol2) {
                    SensorService.Handler.super.updateSubscription(request, response);
                    return;
                }
                updates.add(request);
                response.onNext(UpdateSubscriptionResponse.getDefaultInstance());
                response.onCompleted();
            }
        };
        ServerInterceptor tokenCheck = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                               ServerCallHandler<Q, R> next) {
                if (!token.equals(headers.get(SensorService.TOKEN_HEADER))) {
                    call.close(Status.UNAUTHENTICATED.withDescription("wrong session token"), new Metadata());
                    return new ServerCall.Listener<>() { };
                }
                return next.startCall(call, headers);
            }
        };
        server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                .addService(ServerInterceptors.intercept(SensorService.bind(scripted), tokenCheck))
                .build().start();
    }

    public int port() {
        return server.getPort();
    }

    /** Subscriptions that passed the token check. */
    public int subscriptions() {
        return subscriptions.get();
    }

    /** Every subscription's request, in order. */
    public List<SubscribeRequest> subscribed() {
        return List.copyOf(subscribed);
    }

    /** Every {@code UpdateSubscription} a protocol-2 server accepted, in order. */
    public List<UpdateSubscriptionRequest> updates() {
        return List.copyOf(updates);
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
