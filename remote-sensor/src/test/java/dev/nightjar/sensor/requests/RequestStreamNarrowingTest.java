package dev.nightjar.sensor.requests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.HttpRequest;
import dev.nightjar.protocol.v1.PostgresRequest;
import dev.nightjar.protocol.v1.RedisRequest;
import dev.nightjar.protocol.v1.Request;
import dev.nightjar.protocol.v1.RequestStats;
import dev.nightjar.protocol.v1.RequestTarget;
import dev.nightjar.protocol.v1.SensorEvent;
import org.junit.jupiter.api.Test;

class RequestStreamNarrowingTest {

    static SensorEvent http(long latencyNs, boolean error, String path, boolean unmasked) {
        return SensorEvent.newBuilder().setRequest(Request.newBuilder().setProtocol(AppProtocol.APP_PROTOCOL_HTTP1)
                .setLatencyNs(latencyNs).setError(error).setLiteralsUnmasked(unmasked).setStartNs(latencyNs * 7)
                .setTuple(FiveTuple.newBuilder().setSrcPort(40000))
                .setHttp(HttpRequest.newBuilder().setPath(path))).build();
    }

    @Test
    void onlyTheStreamsProtocolsPass() {
        RequestTarget redisOnly = RequestTarget.newBuilder().addProtocols(AppProtocol.APP_PROTOCOL_REDIS).build();
        assertThat(RequestStreamNarrowing.narrow(redisOnly, http(1, true, "/x", false))).isNull();
        SensorEvent stats = SensorEvent.newBuilder().setRequestStats(RequestStats.newBuilder()
                .setProtocol(AppProtocol.APP_PROTOCOL_HTTP1)).build();
        assertThat(RequestStreamNarrowing.narrow(redisOnly, stats)).isNull();
        assertThat(RequestStreamNarrowing.narrow(RequestTarget.getDefaultInstance(), stats)).isSameAs(stats);
    }

    @Test
    void theStreamsOwnSlowThresholdDecidesWhichRequestsPass() {
        RequestTarget slowAt200ms = RequestTarget.newBuilder().setSlowThresholdNs(200_000_000).build();
        assertThat(RequestStreamNarrowing.narrow(slowAt200ms, http(150_000_000, false, "/a", false))).isNull();
        assertThat(RequestStreamNarrowing.narrow(slowAt200ms, http(200_000_000, false, "/a", false))).isNotNull();
        assertThat(RequestStreamNarrowing.narrow(slowAt200ms, http(1, true, "/a", false))).as("errors always").isNotNull();
        assertThat(RequestStreamNarrowing.narrow(RequestTarget.getDefaultInstance(), http(100_000_000, false, "/a", false)))
                .as("the default threshold is 100 ms").isNotNull();
        assertThat(RequestStreamNarrowing.narrow(RequestTarget.getDefaultInstance(), http(99_999_999, false, "/a", false)))
                .isNull();
    }

    @Test
    void sampledRequestsPassAtTheStreamsRateAndAStreamAtTheSameRateAsTheUnionKeepsAll() {
        RequestTarget all = RequestTarget.newBuilder().setSampleRate(1.0).build();
        RequestTarget tenth = RequestTarget.newBuilder().setSampleRate(0.1).build();
        int keptByTenth = 0;
        int sampledByUnion = 0;
        int keptOfThose = 0;
        for (int i = 1; i <= 10_000; i++) {
            SensorEvent e = http(i, false, "/a", false);
            assertThat(RequestStreamNarrowing.narrow(all, e)).isNotNull();
            boolean union = RequestSampling.sampled(e.getRequest().getStartNs(), 40000, 0.1);
            boolean kept = RequestStreamNarrowing.narrow(tenth, e) != null;
            keptByTenth += kept ? 1 : 0;
            sampledByUnion += union ? 1 : 0;
            keptOfThose += union && kept ? 1 : 0;
        }
        assertThat(keptByTenth).isBetween(850, 1150);
        assertThat(keptOfThose).isEqualTo(sampledByUnion).isEqualTo(keptByTenth);
    }

    @Test
    void literalsAreMaskedAgainForAStreamThatDidNotAskForThem() {
        SensorEvent unmasked = SensorEvent.newBuilder().setRequest(Request.newBuilder().setError(true)
                .setProtocol(AppProtocol.APP_PROTOCOL_POSTGRES).setLiteralsUnmasked(true)
                .setPostgres(PostgresRequest.newBuilder().setStatement("SELECT * FROM t WHERE name = 'bob'"))).build();
        Request masked = RequestStreamNarrowing.narrow(RequestTarget.getDefaultInstance(), unmasked).getRequest();
        assertThat(masked.getPostgres().getStatement()).isEqualTo("SELECT * FROM t WHERE name = ?");
        assertThat(masked.getLiteralsUnmasked()).isFalse();
        RequestTarget wantsThem = RequestTarget.newBuilder().setUnmaskLiterals(true).build();
        assertThat(RequestStreamNarrowing.narrow(wantsThem, unmasked)).isSameAs(unmasked);

        Request http = RequestStreamNarrowing.narrow(RequestTarget.getDefaultInstance(), http(1, true, "/s?q=bob", true)).getRequest();
        assertThat(http.getHttp().getPath()).isEqualTo("/s?q=?");
        SensorEvent redis = SensorEvent.newBuilder().setRequest(Request.newBuilder().setError(true)
                .setProtocol(AppProtocol.APP_PROTOCOL_REDIS).setLiteralsUnmasked(true)
                .setRedis(RedisRequest.newBuilder().setCommand("GET").setFirstKey("user:1"))).build();
        assertThat(RequestStreamNarrowing.narrow(RequestTarget.getDefaultInstance(), redis).getRequest().getRedis().getFirstKey())
                .isEqualTo("?");
    }

    @Test
    void otherEventsPassUnchanged() {
        SensorEvent flow = SensorEvent.newBuilder().setFlow(FlowUpdate.getDefaultInstance()).build();
        assertThat(RequestStreamNarrowing.narrow(RequestTarget.getDefaultInstance(), flow)).isSameAs(flow);
    }
}
