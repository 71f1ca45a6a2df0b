package dev.nightjar.desktop.ui.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nightjar.desktop.flows.FlowRow;
import dev.nightjar.desktop.naming.FlowEndpoint;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowTextTest {

    private static final long T = 1_764_763_201_123_000_000L; // 2025-12-03T12:00:01.123Z

    private static final FlowRow DROPPED = new FlowRow(7, "worker-1",
            new FlowEndpoint("10.77.0.10", 46330, "shop", "frontend-7d9c", "frontend", ""),
            new FlowEndpoint("10.77.0.12", 9090, "shop", "payments-5b", "payments", ""),
            "TCP", "out", "CLOSE", 0, 0, T - 300_000_000, T, 2, 0, 4242, "frontend", true, "client", "TIMED_OUT", "",
            1, 0, "").dropped("NETFILTER_DROP");
    private static final FlowRow AGGREGATE = new FlowRow(8, "worker-1",
            new FlowEndpoint("10.77.0.10", 0, "shop", "frontend-7d9c", "frontend", ""),
            new FlowEndpoint("10.77.0.11", 8080, "shop", "", "", "cart"),
            "TCP", "", "CLOSE", 12_288, 49_152, T - 1_000_000_000, T, 0, 0, 4242, "frontend", true, "both", "CLOSED",
            "", 20, 515, "cart");

    @Test
    void hubbleObserveLikeLinesSayTimeEndpointsVerdictProtocolAndBytes() {
        assertThat(FlowText.hubbleLines(List.of(DROPPED, AGGREGATE), ZoneOffset.UTC)).isEqualTo(
                "Dec  3 12:00:01.123 worker-1: shop/frontend-7d9c:46330 -> shop/payments-5b:9090 DROPPED"
                        + " (NETFILTER_DROP) TCP CLOSE tx=0B rx=0B\n"
                        + "Dec  3 12:00:01.123 worker-1: shop/frontend-7d9c:0 -> svc shop/cart:8080 CLOSED TCP CLOSE"
                        + " tx=12KiB rx=48KiB x20 connections");
    }

    @Test
    void jsonLinesHoldWhatTheTableShows() throws Exception {
        String[] lines = FlowText.jsonLines(List.of(DROPPED, AGGREGATE)).split("\\n");
        assertThat(lines).hasSize(2);
        JsonNode dropped = new ObjectMapper().readTree(lines[0]);
        assertThat(dropped.get("verdict").asText()).isEqualTo("DROPPED");
        assertThat(dropped.get("dropReason").asText()).isEqualTo("NETFILTER_DROP");
        assertThat(dropped.get("source").get("pod").asText()).isEqualTo("frontend-7d9c");
        assertThat(dropped.get("source").get("port").asInt()).isEqualTo(46330);
        assertThat(dropped.get("clientPid").asInt()).isEqualTo(4242);
        JsonNode aggregate = new ObjectMapper().readTree(lines[1]);
        assertThat(aggregate.get("connections").asLong()).isEqualTo(20);
        assertThat(aggregate.get("serverPid").asInt()).isEqualTo(515);
        assertThat(aggregate.get("bytesReceived").asLong()).isEqualTo(49_152);
    }
}
