package dev.nightjar.desktop.stream;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.protocol.grpc.SensorClient;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import dev.nightjar.protocol.v1.SubscribeRequest;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import dev.nightjar.protocol.v1.UpdateSubscriptionRequest;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One sensor's event stream into the store, kept alive: when the stream or the
 * connection under it breaks, it subscribes again with backoff, so the user
 * sees a gap (a stream restart in the store and a RECONNECTING state), not a
 * frozen table. Errors that retrying cannot fix end in FAILED with the reason.
 */
public final class SensorStream implements AutoCloseable {

    private static final Duration[] BACKOFF = {
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5)};

    private final Supplier<SensorAddress> address;
    private final String token;
    /** What is asked for; a retarget replaces it, and every later (re)subscription uses it. */
    private volatile SubscribeRequest request;
    private final CaptureStore store;
    private final Consumer<StreamState> onState;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nightjar-sensor-stream");
        t.setDaemon(true);
        return t;
    });

    private final Object lock = new Object();
    private ManagedChannel channel;
    private ClientCall<SubscribeRequest, SensorEvent> call;
    private int failures;
    private boolean closed;
    // From the SensorInfo that opened the current stream: what retargeting it takes.
    private int protocolVersion;
    private long subscriptionId;
    /** The node the stream's events name: where a SensorInfo read after a retarget is recorded. */
    private String node;
    /** Why the sensor refused the security policies this stream was opened with; null when it did not. */
    private String securityRefused;

    /**
     * @param address asked again before every attempt (a port-forward may have moved)
     * @param onState called on stream threads; the UI hands it to its own thread
     */
    public SensorStream(Supplier<SensorAddress> address, String token, SubscribeRequest request,
                        CaptureStore store, Consumer<StreamState> onState, Clock clock) {
        this.address = Objects.requireNonNull(address, "address");
        this.token = Objects.requireNonNull(token, "token");
        this.request = Objects.requireNonNull(request, "request");
        this.store = Objects.requireNonNull(store, "store");
        this.onState = Objects.requireNonNull(onState, "onState");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public void start() {
        scheduler.execute(() -> subscribe(StreamState.Phase.CONNECTING, "connecting"));
    }

    private void subscribe(StreamState.Phase phase, String detail) {
        SensorAddress target;
        synchronized (lock) {
            if (closed) {
                return;
            }
            shutdownChannel();
            protocolVersion = 0;
            subscriptionId = 0;
            target = address.get();
            channel = NettyChannelBuilder.forAddress(target.host(), target.port()).usePlaintext().build();
            state(phase, detail + " to " + target);
            call = new SensorClient(channel, token).subscribe(request, new Observer(target));
        }
    }

    private final class Observer implements StreamObserver<SensorEvent> {
        private final SensorAddress target;
        private boolean receiving;

        Observer(SensorAddress target) {
            this.target = target;
        }

        @Override
        public void onNext(SensorEvent event) {
            if (event.hasInfo() && event.getInfo().getSubscriptionId() != 0) {
                synchronized (lock) {
                    protocolVersion = event.getInfo().getProtocolVersion();
                    subscriptionId = event.getInfo().getSubscriptionId();
                    node = event.getNode();
                }
            }
            if (!receiving) {
                receiving = true;
                synchronized (lock) {
                    failures = 0;
                }
                String without;
                synchronized (lock) {
                    without = securityRefused;
                }
                state(StreamState.Phase.STREAMING, "streaming from " + target + (without == null ? ""
                        : " without security events: the sensor refused the policies (" + without
                        + "); choose others on the Security page"));
            }
            store.accept(event);
        }

        @Override
        public void onError(Throwable t) {
            ended(Status.fromThrowable(t), target);
        }

        @Override
        public void onCompleted() {
            ended(Status.UNAVAILABLE.withDescription("the sensor closed the stream; it may have stopped"), target);
        }
    }

    private void ended(Status status, SensorAddress target) {
        Duration wait;
        synchronized (lock) {
            if (closed) {
                return;
            }
            String problem = StreamProblems.describe(status, target);
            if (status.getCode() == Status.Code.INVALID_ARGUMENT && request.getTargets().hasSecurity()) {
                // A policy this sensor refuses must not cost the node its flows and drops: the
                // stream goes on without security events and says why.
                securityRefused = status.getDescription();
                request = withoutSecurity(request);
                state(StreamState.Phase.RECONNECTING, "the sensor refused the security policies ("
                        + securityRefused + "); subscribing without them");
                scheduler.execute(() -> subscribe(StreamState.Phase.RECONNECTING, "subscribing without security events"));
                return;
            }
            if (!StreamProblems.retryable(status)) {
                state(StreamState.Phase.FAILED, problem);
                shutdownChannel();
                return;
            }
            wait = BACKOFF[Math.min(failures, BACKOFF.length - 1)];
            failures++;
            state(StreamState.Phase.RECONNECTING, String.format(Locale.ROOT, "%s; retrying in %s",
                    problem, wait.toMillis() < 1000 ? wait.toMillis() + " ms" : wait.toSeconds() + " s"));
        }
        scheduler.schedule(() -> subscribe(StreamState.Phase.RECONNECTING, "reconnecting"),
                wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static SubscribeRequest withoutSecurity(SubscribeRequest request) {
        return request.toBuilder().setTargets(request.getTargets().toBuilder().clearSecurity()).build();
    }

    private void state(StreamState.Phase phase, String detail) {
        onState.accept(new StreamState(phase, detail, clock.instant()));
    }

    private void shutdownChannel() {
        if (call != null) {
            call.cancel("resubscribing or stopping", null);
            call = null;
        }
        if (channel != null) {
            channel.shutdownNow();
            channel = null;
        }
    }

    /**
     * Asks the sensor for something else from now on (e.g. syscalls of a chosen process).
     * A protocol-2 sensor changes the open stream in place ({@code UpdateSubscription}); an
     * older one, or a stream not open yet, is subscribed to again with the new request (the
     * store counts that as a stream restart). Blocking: call it off the UI thread.
     *
     * @return what was done, in words
     * @throws IllegalArgumentException the sensor refused the targets, with its reason
     */
    public String retarget(SubscribeRequest next) {
        ManagedChannel open;
        long id;
        SubscribeRequest previous;
        String infoNode;
        synchronized (lock) {
            if (closed) {
                return "the stream is stopped";
            }
            previous = request;
            request = Objects.requireNonNull(next, "next");
            open = channel;
            id = protocolVersion >= 2 ? subscriptionId : 0;
            infoNode = node;
        }
        if (open != null && id != 0) {
            try {
                SensorClient client = new SensorClient(open, token);
                client.updateSubscription(UpdateSubscriptionRequest.newBuilder()
                        .setSubscriptionId(id).setTargets(next.getTargets()).build(), 15, TimeUnit.SECONDS);
                recordInfo(client, infoNode);
                synchronized (lock) {
                    if (next.getTargets().hasSecurity()) {
                        securityRefused = null;
                    }
                }
                return "the sensor now sends what was chosen";
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
                    // The stream keeps its old targets; so does a later resubscription.
                    synchronized (lock) {
                        if (request == next) {
                            request = previous;
                        }
                    }
                    throw new IllegalArgumentException("the sensor cannot trace that: " + e.getStatus().getDescription(), e);
                }
                // UNIMPLEMENTED, NOT_FOUND (the stream just broke) and the like: subscribe again.
            }
        }
        scheduler.execute(() -> subscribe(StreamState.Phase.CONNECTING, "subscribing again with the new choice"));
        return "subscribed again with the new choice";
    }

    /**
     * The sensor's description after a change (e.g. the security policies now in force), for the
     * pages and a bundle's manifest; the stream itself carries one only when it opens. Best effort:
     * the change was made whether or not this answers.
     */
    private void recordInfo(SensorClient client, String infoNode) {
        if (infoNode == null) {
            return;
        }
        try {
            SensorInfo info = client.getInfo(5, TimeUnit.SECONDS);
            store.recordSensorInfo(infoNode, info);
        } catch (StatusRuntimeException e) {
            // The old description stays until the stream reopens.
        }
    }

    /** Stops for good; the store keeps what arrived. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            shutdownChannel();
        }
        scheduler.shutdownNow();
        state(StreamState.Phase.STOPPED, "stopped");
    }
}
