package dev.nightjar.sensor.requests;

import dev.nightjar.protocol.grpc.SensorService;
import dev.nightjar.protocol.v1.GetInfoRequest;
import dev.nightjar.protocol.v1.SensorInfo;
import dev.nightjar.protocol.v1.UpdateSubscriptionRequest;
import dev.nightjar.protocol.v1.UpdateSubscriptionResponse;
import dev.nightjar.sensor.requests.SocketChunk.ChunkDirection;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One valid conversation per protocol, the seeds of the robustness and fuzz tests: hand-written
 * bytes checked against the real-traffic tests' captures, and for HTTP/2 a conversation recorded
 * from grpc-java on loopback (HPACK-coded by a real encoder).
 */
final class SeedConversations {

    private static Conversation grpc;

    private SeedConversations() {
    }

    static Conversation http1() {
        return Conversation.tcp(1)
                .client("POST /orders/12?x=1 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
                        + "GET /next HTTP/1.1\r\nHost: a\r\n\r\n")
                .server("HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n0\r\nTrailer: x\r\n\r\n"
                        + "HTTP/1.1 500 Oops\r\nContent-Length: 4\r\n\r\nfail");
    }

    static Conversation redis() {
        return Conversation.tcp(1)
                .client("*2\r\n$3\r\nGET\r\n$6\r\nuser:1\r\n*3\r\n$4\r\nHSET\r\n$1\r\nh\r\n$1\r\nf\r\n")
                .server("$5\r\nalice\r\n-ERR wrong number of arguments\r\n");
    }

    static Conversation dnsUdp() {
        return new Conversation(1, 17).client(DnsRealTrafficTest.query(7, "api.example.com", 1))
                .server(dnsAnswer(7, "api.example.com", 1, 0, 1));
    }

    static Conversation dnsTcp() {
        byte[] q = DnsRealTrafficTest.query(9, "db.example.com", 28);
        byte[] a = dnsAnswer(9, "db.example.com", 28, 3, 0);
        return Conversation.tcp(1).client(framed(q)).server(framed(a));
    }

    private static byte[] framed(byte[] m) {
        return ByteBuffer.allocate(m.length + 2).putShort((short) m.length).put(m).array();
    }

    /** A response to {@link DnsRealTrafficTest#query}: the question echoed, answers of type A. */
    static byte[] dnsAnswer(int id, String name, int type, int rcode, int answers) {
        byte[] q = DnsRealTrafficTest.query(id, name, type);
        ByteBuffer b = ByteBuffer.allocate(q.length + answers * 16);
        b.put(q);
        b.putShort(2, (short) (0x8180 | rcode));
        b.putShort(6, (short) answers);
        for (int i = 0; i < answers; i++) {
            b.putShort((short) 0xc00c).putShort((short) 1).putShort((short) 1).putInt(60).putShort((short) 4)
                    .put(new byte[] {10, 0, 0, (byte) i});
        }
        return b.array();
    }

    static Conversation postgres() {
        ByteArrayOutputStream startup = new ByteArrayOutputStream();
        byte[] params = "user\0app\0database\0shop\0\0".getBytes(StandardCharsets.US_ASCII);
        startup.writeBytes(ByteBuffer.allocate(8).putInt(8 + params.length).putInt(196608).array());
        startup.writeBytes(params);
        return Conversation.tcp(1)
                .client(startup.toByteArray())
                .server(concat(pg('R', new byte[] {0, 0, 0, 0}), pg('Z', "I".getBytes(StandardCharsets.US_ASCII))))
                .client(pg('Q', "SELECT name FROM users WHERE id = 42\0".getBytes(StandardCharsets.US_ASCII)))
                .server(concat(pg('T', new byte[] {0, 0}), pg('D', new byte[] {0, 0}),
                        pg('C', "SELECT 1\0".getBytes(StandardCharsets.US_ASCII)), pg('Z', new byte[] {'I'})))
                .client(concat(pg('P', "\0SELECT $1 + 1\0\0\0".getBytes(StandardCharsets.US_ASCII)),
                        pg('B', "\0\0\0\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII)), pg('E', "\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII)),
                        pg('S', new byte[0])))
                .server(concat(pg('1', new byte[0]), pg('E', "SERROR\0C22P02\0Minvalid input\0\0".getBytes(StandardCharsets.US_ASCII)),
                        pg('Z', new byte[] {'I'})));
    }

    static byte[] pg(char type, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) type).putInt(4 + body.length).put(body).array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Two gRPC calls (OK, UNAVAILABLE) recorded once through the relay, as the client's socket saw them. */
    static synchronized Conversation grpc() throws Exception {
        if (grpc == null) {
            grpc = recordedGrpc("down");
        }
        return grpc;
    }

    /**
     * Two gRPC calls recorded through the relay from grpc-java on loopback: GetInfo answered,
     * UpdateSubscription failed UNAVAILABLE with {@code description} as its grpc-message.
     */
    static Conversation recordedGrpc(String description) throws Exception {
        ServerServiceDefinition service = ServerServiceDefinition.builder(SensorService.SERVICE_NAME)
                .addMethod(SensorService.GET_INFO, ServerCalls.asyncUnaryCall(
                        (GetInfoRequest req, io.grpc.stub.StreamObserver<SensorInfo> out) -> {
                            out.onNext(SensorInfo.newBuilder().setNodeName("lab").build());
                            out.onCompleted();
                        }))
                .addMethod(SensorService.UPDATE_SUBSCRIPTION, ServerCalls.asyncUnaryCall(
                        (UpdateSubscriptionRequest req, io.grpc.stub.StreamObserver<UpdateSubscriptionResponse> out) ->
                                out.onError(Status.UNAVAILABLE.withDescription(description).asRuntimeException())))
                .build();
        Server server = NettyServerBuilder.forAddress(RecordingRelay.loopback(0)).addService(service).build().start();
        Conversation recorded = Conversation.tcp(1);
        try (RecordingRelay relay = new RecordingRelay(server.getPort())) {
            ManagedChannel channel = NettyChannelBuilder.forAddress(RecordingRelay.loopback(relay.port())).usePlaintext().build();
            try {
                ClientCalls.blockingUnaryCall(channel, SensorService.GET_INFO, CallOptions.DEFAULT, GetInfoRequest.getDefaultInstance());
                try {
                    ClientCalls.blockingUnaryCall(channel, SensorService.UPDATE_SUBSCRIPTION, CallOptions.DEFAULT,
                            UpdateSubscriptionRequest.getDefaultInstance());
                } catch (io.grpc.StatusRuntimeException expected) {
                    // UNAVAILABLE: the second exchange of the seed
                }
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            LoopbackPrograms.awaitCloses(relay, 1);
            for (SocketChunk c : relay.chunks()) {
                recorded.call(c.direction() == ChunkDirection.RECEIVED, c.data(), c.callBytes());
            }
        } finally {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        return recorded;
    }
}
