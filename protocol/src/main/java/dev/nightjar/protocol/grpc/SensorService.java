package dev.nightjar.protocol.grpc;

import dev.nightjar.protocol.v1.GetInfoRequest;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import dev.nightjar.protocol.v1.SensorProto;
import dev.nightjar.protocol.v1.SubscribeRequest;
import dev.nightjar.protocol.v1.UpdateSubscriptionRequest;
import dev.nightjar.protocol.v1.UpdateSubscriptionResponse;
import io.grpc.Status;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoFileDescriptorSupplier;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

/**
 * The {@code nightjar.v1.Sensor} gRPC service, described by hand.
 *
 * <p>protoc's gRPC plugin is a native executable that Maven Central does not
 * publish for current gRPC versions; describing the two methods here keeps the
 * build portable to every machine with a JDK. {@code SensorServiceTest} checks
 * that these descriptors agree with the {@code service} block in sensor.proto.
 *
 * <p>Protocol versions: {@code SensorInfo.protocol_version}; see sensor.proto.
 */
public final class SensorService {

    public static final String SERVICE_NAME = "nightjar.v1.Sensor";

    /** Metadata header that carries the per-session token on every call. */
    public static final Metadata.Key<String> TOKEN_HEADER =
            Metadata.Key.of("x-nightjar-token", Metadata.ASCII_STRING_MARSHALLER);

    public static final MethodDescriptor<GetInfoRequest, SensorInfo> GET_INFO =
            MethodDescriptor.<GetInfoRequest, SensorInfo>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE_NAME, "GetInfo"))
                    .setRequestMarshaller(ProtoUtils.marshaller(GetInfoRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(SensorInfo.getDefaultInstance()))
                    .setIdempotent(true)
                    .build();

    public static final MethodDescriptor<SubscribeRequest, SensorEvent> SUBSCRIBE =
            MethodDescriptor.<SubscribeRequest, SensorEvent>newBuilder()
                    .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE_NAME, "Subscribe"))
                    .setRequestMarshaller(ProtoUtils.marshaller(SubscribeRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(SensorEvent.getDefaultInstance()))
                    .build();

    public static final MethodDescriptor<UpdateSubscriptionRequest, UpdateSubscriptionResponse> UPDATE_SUBSCRIPTION =
            MethodDescriptor.<UpdateSubscriptionRequest, UpdateSubscriptionResponse>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE_NAME, "UpdateSubscription"))
                    .setRequestMarshaller(ProtoUtils.marshaller(UpdateSubscriptionRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(UpdateSubscriptionResponse.getDefaultInstance()))
                    .build();

    /** The protocol version this build of the service speaks (SensorInfo.protocol_version). */
    public static final int PROTOCOL_VERSION = 3;

    private static final ServiceDescriptor SERVICE_DESCRIPTOR = ServiceDescriptor.newBuilder(SERVICE_NAME)
            .setSchemaDescriptor((ProtoFileDescriptorSupplier) SensorProto::getDescriptor)
            .addMethod(GET_INFO)
            .addMethod(SUBSCRIBE)
            .addMethod(UPDATE_SUBSCRIPTION)
            .build();

    /** What a sensor implements; see sensor.proto for the contract of each call. */
    public interface Handler {
        void getInfo(GetInfoRequest request, StreamObserver<SensorInfo> response);

        void subscribe(SubscribeRequest request, StreamObserver<SensorEvent> events);

        /**
         * Protocol 2. The default answers as a protocol-1 sensor does: UNIMPLEMENTED, so a client
         * falls back to resubscribing.
         */
        default void updateSubscription(UpdateSubscriptionRequest request,
                                        StreamObserver<UpdateSubscriptionResponse> response) {
            response.onError(Status.UNIMPLEMENTED.withDescription("this sensor speaks protocol 1: resubscribe to"
                    + " change what a stream receives").asRuntimeException());
        }
    }

    private SensorService() {
    }

    public static ServiceDescriptor serviceDescriptor() {
        return SERVICE_DESCRIPTOR;
    }

    /** Binds a handler so it can be added to any {@code ServerBuilder}, in-process or Netty. */
    public static ServerServiceDefinition bind(Handler handler) {
        return ServerServiceDefinition.builder(SERVICE_DESCRIPTOR)
                .addMethod(GET_INFO, ServerCalls.asyncUnaryCall(handler::getInfo))
                .addMethod(SUBSCRIBE, ServerCalls.asyncServerStreamingCall(handler::subscribe))
                .addMethod(UPDATE_SUBSCRIPTION, ServerCalls.asyncUnaryCall(handler::updateSubscription))
                .build();
    }
}
