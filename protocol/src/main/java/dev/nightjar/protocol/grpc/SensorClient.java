package dev.nightjar.protocol.grpc;

import dev.nightjar.protocol.v1.GetInfoRequest;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import dev.nightjar.protocol.v1.SubscribeRequest;
import dev.nightjar.protocol.v1.UpdateSubscriptionRequest;
import dev.nightjar.protocol.v1.UpdateSubscriptionResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A typed client for {@link SensorService} that attaches the session token to
 * every call. It does not own the channel: whoever built the channel shuts it down.
 */
public final class SensorClient {

    private final Channel channel;

    public SensorClient(Channel channel, String token) {
        Objects.requireNonNull(token, "token");
        Metadata headers = new Metadata();
        headers.put(SensorService.TOKEN_HEADER, token);
        this.channel = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    public SensorInfo getInfo(long timeout, TimeUnit unit) {
        return ClientCalls.blockingUnaryCall(channel, SensorService.GET_INFO,
                CallOptions.DEFAULT.withDeadlineAfter(timeout, unit), GetInfoRequest.getDefaultInstance());
    }

    /**
     * Starts a subscription. Events arrive on gRPC's executor; the returned call
     * can be cancelled with {@link ClientCall#cancel}.
     */
    public ClientCall<SubscribeRequest, SensorEvent> subscribe(SubscribeRequest request,
                                                               StreamObserver<SensorEvent> events) {
        ClientCall<SubscribeRequest, SensorEvent> call = channel.newCall(SensorService.SUBSCRIBE, CallOptions.DEFAULT);
        ClientCalls.asyncServerStreamingCall(call, request, events);
        return call;
    }

    /**
     * Protocol 2: changes what the open stream {@code request.subscription_id} receives. Blocks until
     * the sensor applied it; a protocol-1 sensor fails with UNIMPLEMENTED.
     */
    public UpdateSubscriptionResponse updateSubscription(UpdateSubscriptionRequest request, long timeout, TimeUnit unit) {
        return ClientCalls.blockingUnaryCall(channel, SensorService.UPDATE_SUBSCRIPTION,
                CallOptions.DEFAULT.withDeadlineAfter(timeout, unit), request);
    }
}
