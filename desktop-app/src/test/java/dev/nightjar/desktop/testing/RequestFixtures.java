package dev.nightjar.desktop.testing;

import com.google.protobuf.ByteString;
import dev.nightjar.protocol.bundle.BundleWriter;
import dev.nightjar.protocol.bundle.NodeRecorder;
import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.DnsRequest;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowRole;
import dev.nightjar.protocol.v1.HttpRequest;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.PostgresRequest;
import dev.nightjar.protocol.v1.Request;
import dev.nightjar.protocol.v1.RequestStats;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests shaped as the protocol-3 sensor sends them, for one node: a shop frontend
 * (10.0.1.10) calling a cart service over HTTP (200, 404, 500), a payments gRPC service
 * that answers UNAVAILABLE, a DNS lookup that gets NXDOMAIN, and a slow PostgreSQL query;
 * plus one second of RequestStats for the cart routes with hand-made histograms.
 */
public final class RequestFixtures {

    public static final String NODE = "worker-1";
    public static final long START_NS = 1_764_000_000_000_000_000L;
    public static final byte[] FRONTEND = {10, 0, 1, 10};
    public static final byte[] CART = {10, 0, 2, 20};
    public static final byte[] PAYMENTS = {10, 0, 3, 30};
    public static final byte[] DNS = {10, 96, 0, 10};
    public static final byte[] POSTGRES = {10, 0, 4, 40};

    private RequestFixtures() {
    }

    /** The Request events, one 100 ms apart from {@link #START_NS}, in this order: 200, 404, 500, UNAVAILABLE, NXDOMAIN, slow SQL. */
    public static List<SensorEvent> requests() {
        List<Request.Builder> requests = List.of(
                http(40_001, "GET", "/api/orders/8123", "/api/orders/{id}", 200, 3_200_000),
                http(40_002, "GET", "/api/orders/0", "/api/orders/{id}", 404, 900_000),
                http(40_003, "POST", "/api/checkout?cart=?", "/api/checkout", 500, 41_000_000).setError(true),
                base(40_004, PAYMENTS, 50051).setProtocol(AppProtocol.APP_PROTOCOL_GRPC).setLatencyNs(5_000_000)
                        .setError(true).setHttp(HttpRequest.newBuilder().setMethod("POST")
                        .setPath("/shop.Payments/Charge").setRoute("/shop.Payments/Charge").setStatus(200)
                        .setHttpVersion("2").setStreamId(3).setGrpc(true).setGrpcStatus(14)
                        .setGrpcMessage("connection refused")),
                base(40_005, DNS, 53).setProtocol(AppProtocol.APP_PROTOCOL_DNS).setLatencyNs(700_000).setError(true)
                        .setTuple(tuple(40_005, DNS, 53).toBuilder().setProtocol(L4Protocol.L4_PROTOCOL_UDP))
                        .setDns(DnsRequest.newBuilder().setId(4711).setQueryName("cart.shop.svc.cluster.local")
                                .setQueryType(28).setQueryTypeName("AAAA").setRcode(3).setRcodeName("NXDOMAIN")),
                base(40_006, POSTGRES, 5432).setProtocol(AppProtocol.APP_PROTOCOL_POSTGRES).setLatencyNs(250_000_000)
                        .setPostgres(PostgresRequest.newBuilder().setStatement("SELECT pg_sleep(?)")
                                .setCommandTag("SELECT 1")));
        List<SensorEvent> events = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            long at = START_NS + i * 100_000_000L;
            events.add(SensorEvent.newBuilder().setNode(NODE).setTimestampNs(at + 1)
                    .setRequest(requests.get(i).setStartNs(at)).build());
        }
        return events;
    }

    /**
     * One second of stats for the cart's two routes:
     * GET /api/orders/{id} 2xx: 100 exchanges, buckets 20: 80, 23: 15, 27: 5;
     * POST /api/checkout 5xx: 10 exchanges, 10 errors, bucket 25: 10.
     */
    public static List<SensorEvent> stats() {
        return List.of(
                stats("GET", "/api/orders/{id}", "2xx", 100, 0, buckets(20, 80, 23, 15, 27, 5)),
                stats("POST", "/api/checkout", "5xx", 10, 10, buckets(25, 10)));
    }

    /** A bundle of one node holding {@link #requests()} and {@link #stats()}. */
    public static Path bundle(Path file) throws Exception {
        try (BundleWriter writer = BundleWriter.create(file, "nightjar test")) {
            try (NodeRecorder rec = writer.node(NODE, SensorInfo.newBuilder().setNodeName(NODE)
                    .setKernelRelease("6.18.0").setArchitecture("x86_64").setProtocolVersion(3).build())) {
                long seq = 0;
                for (SensorEvent e : requests()) {
                    rec.append(e.toBuilder().setSequence(seq++).build());
                }
                for (SensorEvent e : stats()) {
                    rec.append(e.toBuilder().setSequence(seq++).build());
                }
            }
            writer.commit();
        }
        return file;
    }

    /** A store holding {@link #bundle}'s events, read back by the app's own import. */
    public static dev.nightjar.desktop.capture.CaptureStore replayed(Path dir) throws Exception {
        dev.nightjar.desktop.capture.CaptureStore store = new dev.nightjar.desktop.capture.CaptureStore(
                dev.nightjar.desktop.capture.StoreLimits.defaults());
        dev.nightjar.desktop.bundle.BundleImport.into(bundle(dir.resolve("requests.njcap")), store);
        return store;
    }

    private static SensorEvent stats(String method, String route, String statusClass, long count, long errors,
                                     List<Long> buckets) {
        return SensorEvent.newBuilder().setNode(NODE).setTimestampNs(START_NS + 1_000_000_000L)
                .setRequestStats(RequestStats.newBuilder().setProtocol(AppProtocol.APP_PROTOCOL_HTTP1)
                        .setClientAddr(ByteString.copyFrom(FRONTEND)).setServerAddr(ByteString.copyFrom(CART))
                        .setServerPort(8080).setMethod(method).setRoute(route).setStatusClass(statusClass)
                        .setCount(count).setErrors(errors).addAllLog2Buckets(buckets)
                        .setIntervalStartNs(START_NS).setIntervalEndNs(START_NS + 1_000_000_000L))
                .build();
    }

    /** Pairs of (bucket, count) as a dense list. */
    private static List<Long> buckets(int... bucketCount) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < bucketCount.length; i += 2) {
            while (out.size() <= bucketCount[i]) {
                out.add(0L);
            }
            out.set(bucketCount[i], (long) bucketCount[i + 1]);
        }
        return out;
    }

    private static Request.Builder http(int port, String method, String path, String route, int status, long latencyNs) {
        return base(port, CART, 8080).setProtocol(AppProtocol.APP_PROTOCOL_HTTP1).setLatencyNs(latencyNs)
                .setRequestBytes(180).setResponseBytes(status == 200 ? 2_400 : 120)
                .setHttp(HttpRequest.newBuilder().setMethod(method).setPath(path).setRoute(route)
                        .setHost("cart.shop:8080").setStatus(status).setHttpVersion("1.1"));
    }

    private static Request.Builder base(int port, byte[] server, int serverPort) {
        return Request.newBuilder().setTuple(tuple(port, server, serverPort)).setRole(FlowRole.FLOW_ROLE_CLIENT)
                .setPid(4100).setTid(4101).setComm("frontend").setFlowId(port);
    }

    private static FiveTuple tuple(int port, byte[] server, int serverPort) {
        return FiveTuple.newBuilder().setSrcAddr(ByteString.copyFrom(FRONTEND)).setSrcPort(port)
                .setDstAddr(ByteString.copyFrom(server)).setDstPort(serverPort)
                .setProtocol(L4Protocol.L4_PROTOCOL_TCP).build();
    }
}
