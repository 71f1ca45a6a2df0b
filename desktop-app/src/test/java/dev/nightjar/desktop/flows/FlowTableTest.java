package dev.nightjar.desktop.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.naming.FlowEndpoint;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.TcpState;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowTableTest {

    private static SensorEvent update(String node, long id, long ts, long sent, TcpState state, boolean closed) {
        FiveTuple tuple = FiveTuple.newBuilder()
                .setSrcAddr(ByteString.copyFrom(new byte[] {10, (byte) 244, 1, 7})).setSrcPort(41234)
                .setDstAddr(ByteString.copyFrom(new byte[] {10, (byte) 244, 2, 9})).setDstPort(8080)
                .setProtocol(L4Protocol.L4_PROTOCOL_TCP).build();
        return SensorEvent.newBuilder().setNode(node).setTimestampNs(ts).setFlow(FlowUpdate.newBuilder()
                .setFlowId(id).setTuple(tuple).setTcpState(state).setBytesSent(sent).setBytesReceived(sent / 2)
                .setFirstSeenNs(100).setLastSeenNs(ts).setClosed(closed).setPid(42).setComm("curl")).build();
    }

    private final List<SensorEvent> updates = List.of(
            update("n1", 1, 1_000, 100, TcpState.TCP_STATE_ESTABLISHED, false),
            update("n2", 1, 1_500, 7, TcpState.TCP_STATE_ESTABLISHED, false),   // same id, other node: another flow
            update("n1", 1, 2_000, 900, TcpState.TCP_STATE_ESTABLISHED, false),
            update("n1", 1, 3_000, 1_000, TcpState.TCP_STATE_CLOSE, true));

    @Test
    void oneRowPerFlowWithItsLatestStateAtTheInstant() {
        List<FlowRow> now = FlowTable.at(updates, Long.MAX_VALUE, EndpointNamer.ADDRESSES_ONLY);
        assertThat(now).hasSize(2);
        FlowRow n1 = now.stream().filter(r -> r.node().equals("n1")).findFirst().orElseThrow();
        assertThat(n1.bytesSent()).isEqualTo(1_000);
        assertThat(n1.tcpState()).isEqualTo("CLOSE");
        assertThat(n1.closed()).isTrue();
        assertThat(n1.source().label()).isEqualTo("10.244.1.7:41234");
        assertThat(n1.destination().label()).isEqualTo("10.244.2.9:8080");
        assertThat(n1.protocol()).isEqualTo("TCP");
        assertThat(n1.durationNs()).isEqualTo(2_900);

        List<FlowRow> earlier = FlowTable.at(updates, 2_500, EndpointNamer.ADDRESSES_ONLY);
        FlowRow n1Then = earlier.stream().filter(r -> r.node().equals("n1")).findFirst().orElseThrow();
        assertThat(n1Then.bytesSent()).isEqualTo(900);
        assertThat(n1Then.closed()).isFalse();

        assertThat(FlowTable.at(updates, 1_200, EndpointNamer.ADDRESSES_ONLY)).hasSize(1);
    }

    @Test
    void theNamerPutsPodsOnAddressesAndTopTalkersGroupByThem() {
        EndpointNamer namer = (ip, port) -> ip.equals("10.244.2.9")
                ? new FlowEndpoint(ip, port, "shop", "cart-5f", "cart", "")
                : new FlowEndpoint(ip, port, "shop", "frontend-7d9c", "frontend", "");
        List<FlowRow> rows = FlowTable.at(updates, Long.MAX_VALUE, namer);
        assertThat(rows).allSatisfy(r -> assertThat(r.destination().label()).isEqualTo("shop/cart-5f:8080"));

        // By the client's workload, the server's pod (no service here) and port; over both flows.
        List<TopTalkers.Talker> top = TopTalkers.of(rows, 5);
        assertThat(top).containsExactly(new TopTalkers.Talker("shop/frontend", "shop/cart-5f:8080",
                1_000 + 500 + 7 + 3, 2));
    }

    @Test
    void aRowCarriesTheRoleTheVerdictTheConnectionsAndBothProcesses() {
        SensorEvent both = SensorEvent.newBuilder(update("n1", 9, 5_000, 0, TcpState.TCP_STATE_CLOSE, true))
                .setFlow(update("n1", 9, 5_000, 0, TcpState.TCP_STATE_CLOSE, true).getFlow().toBuilder()
                        .setRole(dev.nightjar.protocol.v1.FlowRole.FLOW_ROLE_BOTH)
                        .setVerdict(dev.nightjar.protocol.v1.FlowVerdict.FLOW_VERDICT_REFUSED)
                        .setConnections(12).setServerPid(77).setServerComm("nginx")).build();
        FlowRow r = FlowTable.at(List.of(both), Long.MAX_VALUE, EndpointNamer.ADDRESSES_ONLY).getFirst();
        assertThat(r.role()).isEqualTo("both");
        assertThat(r.verdict()).isEqualTo("REFUSED");
        assertThat(r.failed()).isTrue();
        assertThat(r.connections()).isEqualTo(12);
        assertThat(r.clientPid()).isEqualTo(42);
        assertThat(r.serverProcessPid()).isEqualTo(77);
        assertThat(r.serverProcessComm()).isEqualTo("nginx");
    }

    @Test
    void flowsOfOlderSensorsGetAVerdictFromWhatTheySent() {
        // sent nothing, received nothing, closed: never answered
        FlowRow silent = FlowTable.at(List.of(update("n1", 1, 1, 0, TcpState.TCP_STATE_CLOSE, true)), Long.MAX_VALUE,
                EndpointNamer.ADDRESSES_ONLY).getFirst();
        assertThat(silent.verdict()).isEqualTo(Verdicts.TIMED_OUT);
        FlowRow open = FlowTable.at(List.of(update("n1", 1, 1, 100, TcpState.TCP_STATE_ESTABLISHED, false)),
                Long.MAX_VALUE, EndpointNamer.ADDRESSES_ONLY).getFirst();
        assertThat(open.verdict()).isEqualTo(Verdicts.ESTABLISHED);
        FlowRow done = FlowTable.at(List.of(update("n1", 1, 1, 100, TcpState.TCP_STATE_CLOSE, true)), Long.MAX_VALUE,
                EndpointNamer.ADDRESSES_ONLY).getFirst();
        assertThat(done.verdict()).isEqualTo(Verdicts.CLOSED);
        assertThat(done.role()).as("older sensors do not say").isEmpty();
        assertThat(done.connections()).isEqualTo(1);
    }
}
