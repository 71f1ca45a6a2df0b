package dev.nightjar.sensor.server;

import dev.nightjar.protocol.grpc.FlowControlledSender;
import dev.nightjar.protocol.grpc.SensorService;
import dev.nightjar.protocol.v1.GetInfoRequest;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import dev.nightjar.protocol.v1.SubscribeRequest;
import dev.nightjar.sensor.proc.ProcFiles;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/** The two calls of the Sensor service. Only reached by calls that passed the token check. */
final class SensorServiceHandler implements SensorService.Handler {

    private final EventHub hub;
    private final FilterPolicy filters;
    private final SensorInfoSource info;
    private final Executor drainExecutor;
    private final String node;
    private final int queueCapacity;
    private final int maxStreams;
    private final BooleanSupplier stopping;
    private final AtomicLong subscriptionIds = new AtomicLong();

    SensorServiceHandler(EventHub hub, FilterPolicy filters, SensorInfoSource info, Executor drainExecutor,
                         String node, int queueCapacity, int maxStreams, BooleanSupplier stopping) {
        this.hub = hub;
        this.filters = filters;
        this.info = info;
        this.drainExecutor = drainExecutor;
        this.node = node;
        this.queueCapacity = queueCapacity;
        this.maxStreams = maxStreams;
        this.stopping = stopping;
    }

    @Override
    public void getInfo(GetInfoRequest request, StreamObserver<SensorInfo> response) {
        response.onNext(info.current());
        response.onCompleted();
    }

    @Override
    public void subscribe(SubscribeRequest request, StreamObserver<SensorEvent> events) {
        if (stopping.getAsBoolean()) {
            events.onError(Status.UNAVAILABLE.withDescription("the sensor is shutting down").asRuntimeException());
            return;
        }
        var observer = (ServerCallStreamObserver<SensorEvent>) events;
        Subscription subscription = new Subscription(subscriptionIds.incrementAndGet(),
                RequestedKinds.of(request.getKindsList()), node, queueCapacity);
        subscription.putInfo(SensorEvent.newBuilder().setTimestampNs(ProcFiles.epochNanosNow())
                .setInfo(info.current()).build());
        if (!hub.add(subscription, maxStreams)) {
            // Each stream may hold a full queue: their number is what bounds the sensor's memory.
            events.onError(Status.RESOURCE_EXHAUSTED.withDescription("the sensor already serves " + maxStreams
                    + " streams; close one first").asRuntimeException());
            return;
        }
        // Events published from here on wait in the queue until the sender is attached.
        // The sender registers gRPC's ready and cancel handlers; it must exist before this method returns.
        FlowControlledSender<SensorEvent> sender = new FlowControlledSender<>(observer, subscription::next, () -> {
            hub.remove(subscription);
            filters.unsubscribed(subscription.id());
        });
        subscription.attach(sender, drainExecutor);
        filters.subscribed(subscription.id(), request.getFilter(), subscription.kinds());
        subscription.requestDrain();
    }
}
