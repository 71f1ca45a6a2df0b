package dev.nightjar.sensor.server;

import dev.nightjar.protocol.grpc.FlowControlledSender;
import dev.nightjar.protocol.grpc.SensorService;
import dev.nightjar.protocol.v1.GetInfoRequest;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import dev.nightjar.protocol.v1.SubscribeRequest;
import dev.nightjar.protocol.v1.UpdateSubscriptionRequest;
import dev.nightjar.protocol.v1.UpdateSubscriptionResponse;
import dev.nightjar.sensor.proc.ProcFiles;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/** The calls of the Sensor service. Only reached by calls that passed the token check. */
final class SensorServiceHandler implements SensorService.Handler {

    /** How a stream's subscription is set up: where to queue, how much, and how to narrow its events. */
    record Streams(String node, int queueCapacity, int maxStreams, StreamMemory memory,
                   Function<KindFilters, StreamFilter> narrowing) {
    }

    private final EventHub hub;
    private final FilterPolicy filters;
    private final TargetRequests targets;
    private final SensorInfoSource info;
    private final Executor drainExecutor;
    private final Streams streams;
    private final BooleanSupplier stopping;
    private final AtomicLong subscriptionIds = new AtomicLong();

    SensorServiceHandler(EventHub hub, FilterPolicy filters, TargetRequests targets, SensorInfoSource info,
                         Executor drainExecutor, Streams streams, BooleanSupplier stopping) {
        this.hub = hub;
        this.filters = filters;
        this.targets = targets;
        this.info = info;
        this.drainExecutor = drainExecutor;
        this.streams = streams;
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
        KindFilters asked;
        try {
            asked = targets.of(request);
        } catch (StatusRuntimeException refused) {
            events.onError(refused);
            return;
        }
        var observer = (ServerCallStreamObserver<SensorEvent>) events;
        long id = subscriptionIds.incrementAndGet();
        Subscription subscription = new Subscription(id, streams.narrowing().apply(asked), streams.node(),
                streams.queueCapacity(), streams.memory());
        if (!hub.add(subscription, streams.maxStreams())) {
            // Each stream may hold up to half the streams' shared memory: their number bounds what each gets.
            events.onError(Status.RESOURCE_EXHAUSTED.withDescription("the sensor already serves " + streams.maxStreams()
                    + " streams; close one first").asRuntimeException());
            return;
        }
        try {
            filters.subscribed(id, asked);
        } catch (StatusRuntimeException refused) {
            hub.remove(subscription);
            events.onError(refused);
            return;
        }
        subscription.putInfo(SensorEvent.newBuilder().setTimestampNs(ProcFiles.epochNanosNow())
                .setInfo(info.current().toBuilder().setSubscriptionId(id)).build());
        // Events published from here on wait in the queue until the sender is attached.
        // The sender registers gRPC's ready and cancel handlers; it must exist before this method returns.
        FlowControlledSender<SensorEvent> sender = new FlowControlledSender<>(observer, subscription::next, () -> {
            hub.remove(subscription);
            filters.unsubscribed(subscription.id());
        });
        subscription.attach(sender, drainExecutor);
        subscription.requestDrain();
    }

    @Override
    public void updateSubscription(UpdateSubscriptionRequest request,
                                   StreamObserver<UpdateSubscriptionResponse> response) {
        Subscription subscription = hub.find(request.getSubscriptionId());
        try {
            if (subscription == null) {
                throw Status.NOT_FOUND.withDescription("no open stream has subscription id "
                        + Long.toUnsignedString(request.getSubscriptionId()) + " (it ended, or the id is from another"
                        + " sensor); subscribe again").asRuntimeException();
            }
            KindFilters asked = targets.of(request.getTargets());
            if (!filters.updated(subscription.id(), asked)) {
                throw Status.NOT_FOUND.withDescription("subscription " + subscription.id() + " ended while it was"
                        + " being changed").asRuntimeException();
            }
            subscription.retarget(streams.narrowing().apply(asked));
        } catch (StatusRuntimeException refused) {
            response.onError(refused);
            return;
        }
        response.onNext(UpdateSubscriptionResponse.newBuilder()
                .setSyscallTracing(info.current().getSyscallTracing()).build());
        response.onCompleted();
    }
}
