package dev.nightjar.sensor.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nightjar.protocol.grpc.SensorService;
import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.GetInfoRequest;
import dev.nightjar.protocol.v1.Request;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import dev.nightjar.protocol.v1.SubscribeRequest;
import dev.nightjar.protocol.v1.UpdateSubscriptionRequest;
import dev.nightjar.testing.Requires;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * grpc-java's Netty server and client (h2c, prior knowledge) on loopback through
 * {@link RecordingRelay}: an OK call, one that fails UNAVAILABLE with a message, a slow server
 * stream; and curl's --http2-prior-knowledge GET against the same server (plain HTTP/2).
 */
class GrpcRealTrafficTest {

    @Test
    void methodsStatusesMessagesAndLatencyPerStream() throws Exception {
        Requires.toolsFrom("curl", "curl");
        ServerServiceDefinition service = ServerServiceDefinition.builder(SensorService.SERVICE_NAME)
                .addMethod(SensorService.GET_INFO, ServerCalls.asyncUnaryCall((GetInfoRequest req, io.grpc.stub.StreamObserver<SensorInfo> out) -> {
                    out.onNext(SensorInfo.newBuilder().setNodeName("lab").build());
                    out.onCompleted();
                }))
                .addMethod(SensorService.UPDATE_SUBSCRIPTION, ServerCalls.asyncUnaryCall((UpdateSubscriptionRequest req, io.grpc.stub.StreamObserver<dev.nightjar.protocol.v1.UpdateSubscriptionResponse> out) ->
                        out.onError(Status.UNAVAILABLE.withDescription("backend down: retry later").asRuntimeException())))
                .addMethod(SensorService.SUBSCRIBE, ServerCalls.asyncServerStreamingCall((SubscribeRequest req, io.grpc.stub.StreamObserver<SensorEvent> out) -> {
                    sleep(120);
                    out.onNext(SensorEvent.newBuilder().setNode("lab").build());
                    out.onNext(SensorEvent.newBuilder().setNode("lab").build());
                    out.onCompleted();
                }))
                .build();
        Server server = NettyServerBuilder.forAddress(RecordingRelay.loopback(0)).addService(service).build().start();
        CollectedEvents events = new CollectedEvents();
        int relayPort;
        try (RecordingRelay relay = new RecordingRelay(server.getPort())) {
            relayPort = relay.port();
            Metadata token = new Metadata();
            token.put(SensorService.TOKEN_HEADER, "very-secret-token");
            ManagedChannel channel = NettyChannelBuilder.forAddress(RecordingRelay.loopback(relay.port())).usePlaintext()
                    .intercept(MetadataUtils.newAttachHeadersInterceptor(token)).build();
            try {
                assertThat(ClientCalls.blockingUnaryCall(channel, SensorService.GET_INFO, io.grpc.CallOptions.DEFAULT,
                        GetInfoRequest.getDefaultInstance()).getNodeName()).isEqualTo("lab");
                assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, SensorService.UPDATE_SUBSCRIPTION,
                        io.grpc.CallOptions.DEFAULT, UpdateSubscriptionRequest.getDefaultInstance()))
                        .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("UNAVAILABLE");
                var stream = ClientCalls.blockingServerStreamingCall(channel, SensorService.SUBSCRIBE,
                        io.grpc.CallOptions.DEFAULT, SubscribeRequest.getDefaultInstance());
                int received = 0;
                while (stream.hasNext()) {
                    stream.next();
                    received++;
                }
                assertThat(received).isEqualTo(2);
                assertThat(ClientCalls.blockingUnaryCall(channel, SensorService.GET_INFO, io.grpc.CallOptions.DEFAULT,
                        GetInfoRequest.getDefaultInstance()).getNodeName()).isEqualTo("lab");
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            LoopbackPrograms.run("curl", "-s", "-o", "/dev/null", "--http2-prior-knowledge",
                    "http://127.0.0.1:" + relay.port() + "/hello?user=bob");
            LoopbackPrograms.awaitCloses(relay, 2);
            relay.replay(CollectedEvents.everyExchange(events));
        } finally {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        List<Request> grpc = events.requests().stream().filter(r -> r.getProtocol() == AppProtocol.APP_PROTOCOL_GRPC).toList();
        assertThat(grpc).extracting(r -> r.getHttp().getPath() + " " + r.getHttp().getGrpcStatus() + " " + r.getError())
                .containsExactly("/nightjar.v1.Sensor/GetInfo 0 false", "/nightjar.v1.Sensor/UpdateSubscription 14 true",
                        "/nightjar.v1.Sensor/Subscribe 0 false", "/nightjar.v1.Sensor/GetInfo 0 false");
        assertThat(grpc.get(1).getHttp().getGrpcMessage()).isEqualTo("backend down: retry later");
        assertThat(grpc).allSatisfy(r -> {
            assertThat(r.getHttp().getMethod()).isEqualTo("POST");
            assertThat(r.getHttp().getGrpc()).isTrue();
            assertThat(r.getHttp().getStatus()).isEqualTo(200);
            assertThat(r.getHttp().getHttpVersion()).isEqualTo("2");
            assertThat(r.getHttp().getHost()).isEqualTo("localhost:" + relayPort); // :authority
            assertThat(r.getHttp().getContentType()).startsWith("application/grpc");
            assertThat(r.getIncomplete()).isEmpty();
            assertThat(r.toString()).doesNotContain("very-secret-token");
        });
        assertThat(grpc).extracting(r -> r.getHttp().getStreamId()).containsExactly(3, 5, 7, 9);
        assertThat(grpc.get(2).getLatencyNs()).isBetween(120_000_000L, 5_000_000_000L);
        assertThat(grpc.get(3).getLatencyNs()).isLessThan(grpc.get(2).getLatencyNs());
        assertThat(events.stats()).filteredOn(s -> s.getStatusClass().equals("UNAVAILABLE")).singleElement()
                .satisfies(s -> assertThat(s.getRoute()).isEqualTo("/nightjar.v1.Sensor/UpdateSubscription"));

        List<Request> h2 = events.requests().stream().filter(r -> r.getProtocol() == AppProtocol.APP_PROTOCOL_HTTP2).toList();
        assertThat(h2).singleElement().satisfies(r -> {
            assertThat(r.getHttp().getMethod()).isEqualTo("GET");
            assertThat(r.getHttp().getPath()).isEqualTo("/hello?user=?");
            assertThat(r.getHttp().getStatus()).isEqualTo(415); // grpc-java refuses a request that is not gRPC
            assertThat(r.getHttp().getUserAgent()).startsWith("curl/");
        });
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
