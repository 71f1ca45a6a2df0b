package dev.nightjar.sensor.requests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.HttpRequest;
import dev.nightjar.protocol.v1.RequestStats;
import dev.nightjar.sensor.requests.parse.Exchange;
import dev.nightjar.sensor.requests.parse.ParseCounters;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestStatsTableTest {

    static final Endpoints SERVER = new Endpoints(ByteString.copyFrom(new byte[] {10, 0, 0, 1}), 40000,
            ByteString.copyFrom(new byte[] {10, 0, 0, 2}), 8080, 6, false, 77, 78, "api", 5, 6, false);

    static Exchange http(String path, int status, long latencyNs) {
        return new Exchange(AppProtocol.APP_PROTOCOL_HTTP1, 1_000, 1_000 + latencyNs, 100, 200, status >= 500, false, "",
                HttpRequest.newBuilder().setMethod("GET").setPath(path).setStatus(status).build());
    }

    @Test
    void bucketsAreLog2OfTheLatency() {
        assertThat(RequestStatsTable.bucket(0)).isZero();
        assertThat(RequestStatsTable.bucket(1)).isZero();
        assertThat(RequestStatsTable.bucket(2)).isEqualTo(1);
        assertThat(RequestStatsTable.bucket(3)).isEqualTo(1);
        assertThat(RequestStatsTable.bucket(1024)).isEqualTo(10);
        assertThat(RequestStatsTable.bucket(1_000_000)).isEqualTo(19); // 2^19 = 524288 <= 1e6 < 2^20
        assertThat(RequestStatsTable.bucket(Long.MAX_VALUE)).isEqualTo(62);
    }

    @Test
    void exchangesAreCountedPerRouteAndStatusClassWithExactSums() {
        RequestStatsTable table = new RequestStatsTable(100, new ParseCounters());
        add(table, http("/orders/1", 200, 1_000_000), true);
        add(table, http("/orders/2", 201, 3_000_000), false);
        add(table, http("/orders/3", 503, 2_000), false);
        List<RequestStats> rows = table.drain(10, 20);
        assertThat(rows).hasSize(2);
        RequestStats ok = rows.stream().filter(r -> r.getStatusClass().equals("2xx")).findFirst().orElseThrow();
        assertThat(ok.getRoute()).isEqualTo("/orders/{id}");
        assertThat(ok.getMethod()).isEqualTo("GET");
        assertThat(ok.getCount()).isEqualTo(2);
        assertThat(ok.getErrors()).isZero();
        assertThat(ok.getTotalLatencyNs()).isEqualTo(4_000_000);
        assertThat(ok.getRequestBytes()).isEqualTo(200);
        assertThat(ok.getResponseBytes()).isEqualTo(400);
        assertThat(ok.getSentWhole()).isEqualTo(1);
        assertThat(ok.getLog2BucketsList()).hasSize(22);
        assertThat(ok.getLog2Buckets(19)).isEqualTo(1);
        assertThat(ok.getLog2Buckets(21)).isEqualTo(1); // 3e6: 2^21 = 2097152 <= 3e6 < 2^22
        assertThat(ok.getLog2BucketsList().stream().mapToLong(Long::longValue).sum()).isEqualTo(2);
        assertThat(ok.getServerPid()).isEqualTo(77);
        assertThat(ok.getServerCgroupId()).isEqualTo(5);
        assertThat(ok.getClientPid()).isZero();
        assertThat(ok.getServerPort()).isEqualTo(8080);
        assertThat(ok.getIntervalStartNs()).isEqualTo(10);
        assertThat(ok.getIntervalEndNs()).isEqualTo(20);
        RequestStats failed = rows.stream().filter(r -> r.getStatusClass().equals("5xx")).findFirst().orElseThrow();
        assertThat(failed.getErrors()).isEqualTo(1);
        assertThat(failed.getLog2BucketsList()).containsExactly(0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 1L);
        assertThat(table.drain(20, 30)).as("a drained interval starts empty").isEmpty();
    }

    @Test
    void rowsBeyondTheBoundGoToTheOverflowRowAndAreCounted() {
        ParseCounters counters = new ParseCounters();
        RequestStatsTable table = new RequestStatsTable(2, counters);
        add(table, http("/a", 200, 1), false);
        add(table, http("/b", 200, 1), false);
        add(table, http("/c", 200, 1), false);
        add(table, http("/d", 200, 1), false);
        add(table, http("/a", 200, 1), false);
        List<RequestStats> rows = table.drain(0, 1);
        assertThat(rows).extracting(r -> r.getRoute() + "=" + r.getCount())
                .containsExactlyInAnyOrder("/a=2", "/b=1", RequestStatsTable.OVERFLOW_ROUTE + "=2");
        assertThat(counters.statsOverflowTotal()).isEqualTo(2);
    }

    private static void add(RequestStatsTable table, Exchange e, boolean whole) {
        table.add(SERVER, e, ExchangeLabels.of(e), whole);
    }
}
