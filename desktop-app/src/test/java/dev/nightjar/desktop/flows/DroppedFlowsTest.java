package dev.nightjar.desktop.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.nightjar.desktop.naming.FlowEndpoint;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class DroppedFlowsTest {

    private static final long S = 1_000_000_000L;
    private static final FlowEndpoint FRONTEND = new FlowEndpoint("10.77.0.10", 41234, "shop", "frontend-1", "", "");
    private static final FlowEndpoint PAYMENTS = new FlowEndpoint("10.77.0.12", 9090, "shop", "payments-1", "", "");

    private static FlowRow flow(String verdict, int clientPort, long first, long last) {
        return new FlowRow(1, "worker-1", new FlowEndpoint(FRONTEND.ip(), clientPort, "shop", "frontend-1", "", ""),
                PAYMENTS, "TCP", "", "CLOSE", 0, 0, first, last, 1, 0, 7, "frontend", true, "client", verdict, "", 1, 0,
                "");
    }

    /** A drop recorded on another node than the flow (the policy drops where the SYN arrives). */
    private static SensorEvent drop(String reason, String src, int sport, String dst, int dport, long first, long last) {
        return SensorEvent.newBuilder().setNode("worker-2").setTimestampNs(last).setDrop(DropEvent.newBuilder()
                .setReasonName(reason).setCount(2).setFirstSeenNs(first).setLastSeenNs(last)
                .setTuple(FiveTuple.newBuilder().setProtocol(L4Protocol.L4_PROTOCOL_TCP)
                        .setSrcAddr(address(src)).setSrcPort(sport).setDstAddr(address(dst)).setDstPort(dport)))
                .build();
    }

    private static ByteString address(String dotted) {
        String[] p = dotted.split("\\.");
        return ByteString.copyFrom(new byte[] {(byte) Integer.parseInt(p[0]), (byte) Integer.parseInt(p[1]),
                (byte) Integer.parseInt(p[2]), (byte) Integer.parseInt(p[3])});
    }

    @Test
    void anUnansweredFlowWithADropOfItsPacketsInItsWindowIsDroppedWithTheReason() {
        DroppedFlows drops = DroppedFlows.of(List.of(
                drop("NETFILTER_DROP", "10.77.0.10", 41234, "10.77.0.12", 9090, 10 * S, 12 * S)));
        List<FlowRow> marked = drops.mark(List.of(flow(Verdicts.TIMED_OUT, 41234, 10 * S, 13 * S)));
        assertThat(marked).singleElement().satisfies(r -> {
            assertThat(r.verdict()).isEqualTo(Verdicts.DROPPED);
            assertThat(r.dropReason()).isEqualTo("NETFILTER_DROP");
            assertThat(r.failed()).isTrue();
        });
    }

    @Test
    void onlyTheSamePacketsAtTheSameTimeAndOnlyUnansweredFlowsCount() {
        DroppedFlows drops = DroppedFlows.of(List.of(
                drop("NETFILTER_DROP", "10.77.0.10", 41234, "10.77.0.12", 9090, 10 * S, 12 * S),
                drop("NO_SOCKET", "10.77.0.10", 50000, "10.77.0.12", 9090, 10 * S, 12 * S)));
        assertThat(drops.reasonFor(flow(Verdicts.TIMED_OUT, 41999, 10 * S, 13 * S))).as("another port").isEmpty();
        assertThat(drops.reasonFor(flow(Verdicts.TIMED_OUT, 41234, 60 * S, 63 * S))).as("a minute later").isEmpty();
        assertThat(drops.reasonFor(flow(Verdicts.CLOSED, 41234, 10 * S, 13 * S))).as("it was answered").isEmpty();
        assertThat(drops.reasonFor(flow(Verdicts.REFUSED, 50000, 10 * S, 13 * S)))
                .as("NO_SOCKET is why it was refused, not a drop of the connection").isEmpty();
    }

    @Test
    void theAnswerDroppedOnItsWayBackAndDropsOfManyClientPortsMatchToo() {
        DroppedFlows back = DroppedFlows.of(List.of(
                drop("TCP_FLAGS", "10.77.0.12", 9090, "10.77.0.10", 41234, 10 * S, 10 * S)));
        assertThat(back.reasonFor(flow(Verdicts.TIMED_OUT, 41234, 10 * S, 13 * S))).contains("TCP_FLAGS");

        DroppedFlows aggregated = DroppedFlows.of(List.of(
                drop("NETFILTER_DROP", "10.77.0.10", 0, "10.77.0.12", 9090, 10 * S, 12 * S)));
        assertThat(aggregated.reasonFor(flow(Verdicts.CONNECTING, 45555, 11 * S, 11 * S))).contains("NETFILTER_DROP");
        assertThat(aggregated.reasonFor(flow(Verdicts.TIMED_OUT, 0, 11 * S, 12 * S))).as("an aggregate flow")
                .contains("NETFILTER_DROP");
    }
}
