package dev.nightjar.sensor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.DnsRequest;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowRole;
import dev.nightjar.protocol.v1.HttpRequest;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.PostgresRequest;
import dev.nightjar.protocol.v1.RedisRequest;
import dev.nightjar.protocol.v1.Request;
import dev.nightjar.protocol.v1.RequestStats;
import dev.nightjar.protocol.v1.SensorEvent;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RequestLinesTest {

    private final EventLines lines = new EventLines(ZoneOffset.UTC);
    private static final long T = (21 * 3600 + 43 * 60 + 10) * 1_000_000_000L + 123_000_000L;
    static final ByteString CLIENT = ByteString.copyFrom(new byte[] {10, 0, 0, 1});
    static final ByteString SERVER = ByteString.copyFrom(new byte[] {10, 0, 0, 2});

    static Request.Builder request(AppProtocol protocol, L4Protocol l4, int port) {
        return Request.newBuilder().setProtocol(protocol).setRole(FlowRole.FLOW_ROLE_SERVER).setPid(77).setComm("api")
                .setTuple(FiveTuple.newBuilder().setSrcAddr(CLIENT).setSrcPort(40000).setDstAddr(SERVER).setDstPort(port)
                        .setProtocol(l4))
                .setLatencyNs(12_300_000).setRequestBytes(120).setResponseBytes(1500);
    }

    private String line(Request.Builder r) {
        return lines.format(SensorEvent.newBuilder().setNode("node-a").setTimestampNs(T).setRequest(r).build());
    }

    @Test
    void anHttpRequestShowsMethodPathStatusLatencySizesAndEnds() {
        assertThat(line(request(AppProtocol.APP_PROTOCOL_HTTP1, L4Protocol.L4_PROTOCOL_TCP, 8080).setError(true)
                .setHttp(HttpRequest.newBuilder().setMethod("GET").setPath("/orders/8123").setStatus(500).setHost("shop"))))
                .isEqualTo("21:43:10.123 node-a REQUEST http GET /orders/8123 -> 500 host=shop 12.3ms req=120B resp=1.5KB"
                        + " ERROR tcp 10.0.0.1:40000 -> 10.0.0.2:8080 server pid=77 (api)");
    }

    @Test
    void grpcDnsPostgresAndRedisHaveTheirOwnFields() {
        assertThat(line(request(AppProtocol.APP_PROTOCOL_GRPC, L4Protocol.L4_PROTOCOL_TCP, 9090).setError(true)
                .setHttp(HttpRequest.newBuilder().setGrpc(true).setMethod("POST").setPath("/shop.Cart/Add")
                        .setGrpcStatus(14).setGrpcMessage("backend down"))))
                .contains("REQUEST grpc /shop.Cart/Add -> UNAVAILABLE \"backend down\" 12.3ms");
        assertThat(line(request(AppProtocol.APP_PROTOCOL_DNS, L4Protocol.L4_PROTOCOL_UDP, 53).setError(true)
                .setDns(DnsRequest.newBuilder().setQueryName("nope.test").setQueryTypeName("A").setRcodeName("NXDOMAIN"))))
                .contains("REQUEST dns A nope.test -> NXDOMAIN answers=0 12.3ms").contains("udp 10.0.0.1:40000 -> 10.0.0.2:53");
        assertThat(line(request(AppProtocol.APP_PROTOCOL_POSTGRES, L4Protocol.L4_PROTOCOL_TCP, 5432).setError(true)
                .setPostgres(PostgresRequest.newBuilder().setStatement("selec ?").setSqlstate("42601")
                        .setErrorMessage("syntax error at or near \"selec\""))))
                .contains("REQUEST postgres \"selec ?\" -> 42601 \"syntax error at or near \"selec\"\" 12.3ms");
        assertThat(line(request(AppProtocol.APP_PROTOCOL_POSTGRES, L4Protocol.L4_PROTOCOL_TCP, 5432)
                .setPostgres(PostgresRequest.newBuilder().setStatement("SELECT ?").setCommandTag("SELECT 1").setExtendedProtocol(true))))
                .contains("REQUEST postgres \"SELECT ?\" -> SELECT 1 extended 12.3ms");
        assertThat(line(request(AppProtocol.APP_PROTOCOL_REDIS, L4Protocol.L4_PROTOCOL_TCP, 6379).setNoResponse(true)
                .setLatencyNs(0).setIncomplete("joined mid-stream").setLiteralsUnmasked(true)
                .setRedis(RedisRequest.newBuilder().setCommand("GET").setFirstKey("user:1"))))
                .contains("REQUEST redis GET user:1 -> ok no-response req=120B resp=1.5KB unmasked incomplete=(joined mid-stream) tcp");
    }

    @Test
    void countsShowRouteStatusClassAverageAndSlowestBucket() {
        RequestStats stats = RequestStats.newBuilder().setProtocol(AppProtocol.APP_PROTOCOL_HTTP1).setMethod("GET")
                .setRoute("/orders/{id}").setStatusClass("2xx").setCount(4).setErrors(0).setTotalLatencyNs(8_000_000)
                .addLog2Buckets(0).addLog2Buckets(0).addLog2Buckets(3) // max < 2^3 ns
                .setClientAddr(CLIENT).setServerAddr(SERVER).setServerPort(8080).setServerPid(77).build();
        assertThat(lines.format(SensorEvent.newBuilder().setNode("node-a").setTimestampNs(T).setRequestStats(stats).build()))
                .isEqualTo("21:43:10.123 node-a REQUESTS http GET /orders/{id} 2xx count=4 errors=0 avg=2.0ms max<8ns"
                        + " 10.0.0.1 -> 10.0.0.2:8080 server pid=77");
    }

    @Test
    void jsonLinesGiveRequestsAndCountsTheirAddressesAsText() {
        JsonLines json = new JsonLines();
        var request = JsonParser.parseString(json.format(SensorEvent.newBuilder().setRequest(
                request(AppProtocol.APP_PROTOCOL_HTTP1, L4Protocol.L4_PROTOCOL_TCP, 80)
                        .setHttp(HttpRequest.newBuilder().setStatus(200))).build())).getAsJsonObject();
        assertThat(request.getAsJsonObject("request").getAsJsonObject("tuple").get("dstIp").getAsString()).isEqualTo("10.0.0.2");
        assertThat(request.getAsJsonObject("request").getAsJsonObject("http").get("status").getAsInt()).isEqualTo(200);
        var stats = JsonParser.parseString(json.format(SensorEvent.newBuilder().setRequestStats(RequestStats.newBuilder()
                .setClientAddr(CLIENT).setServerAddr(SERVER).setCount(3)).build())).getAsJsonObject();
        assertThat(stats.getAsJsonObject("requestStats").get("clientIp").getAsString()).isEqualTo("10.0.0.1");
        assertThat(stats.getAsJsonObject("requestStats").get("serverIp").getAsString()).isEqualTo("10.0.0.2");
    }
}
