package dev.nightjar.desktop.ui.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.flows.FlowRow;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Without a stage: UI-thread work is queued and run by {@link #pulse()}. */
class FlowsViewModelTest {

    private final List<Runnable> uiQueue = new ArrayList<>();
    private final CaptureStore store = new CaptureStore(StoreLimits.uniform(1000, 4));
    private long seq;

    private void pulse() {
        List<Runnable> now = new ArrayList<>(uiQueue);
        uiQueue.clear();
        now.forEach(Runnable::run);
    }

    private void flow(long id, int dstPort, L4Protocol proto, long ts, long bytes) {
        FiveTuple tuple = FiveTuple.newBuilder()
                .setSrcAddr(ByteString.copyFrom(new byte[] {10, 0, 0, 1})).setSrcPort(40000 + (int) id)
                .setDstAddr(ByteString.copyFrom(new byte[] {10, 0, 0, 2})).setDstPort(dstPort)
                .setProtocol(proto).build();
        store.accept(SensorEvent.newBuilder().setNode("n1").setSequence(seq++).setTimestampNs(ts)
                .setFlow(FlowUpdate.newBuilder().setFlowId(id).setTuple(tuple).setBytesSent(bytes)
                        .setFirstSeenNs(ts).setLastSeenNs(ts)).build());
    }

    @Test
    void aFilterNarrowsTheRowsAndABadOneSaysWhyWithoutLosingThem() {
        try (FlowsViewModel vm = new FlowsViewModel(store, EndpointNamer.ADDRESSES_ONLY, uiQueue::add)) {
            flow(1, 8080, L4Protocol.L4_PROTOCOL_TCP, 10, 100);
            flow(2, 53, L4Protocol.L4_PROTOCOL_UDP, 20, 50);
            flow(3, 8080, L4Protocol.L4_PROTOCOL_TCP, 30, 70);
            pulse();
            assertThat(vm.rows()).extracting(FlowRow::flowId).containsExactly(3L, 2L, 1L);

            vm.filterTextProperty().set("to-port=8080");
            pulse();
            assertThat(vm.rows()).extracting(FlowRow::flowId).containsExactly(3L, 1L);
            assertThat(vm.totalFlowsProperty().get()).isEqualTo(3);
            assertThat(vm.topTalkers()).singleElement().satisfies(t -> assertThat(t.bytes()).isEqualTo(170));

            vm.filterTextProperty().set("to-port=eighty");
            pulse();
            assertThat(vm.filterErrorProperty().get()).contains("'eighty' is not a port").contains("at character 9");
            assertThat(vm.rows()).as("the last good filter still applies").extracting(FlowRow::flowId).containsExactly(3L, 1L);
        }
    }

    /** Issue 14: proto=http was accepted on the Flows page and matched nothing, without a word. */
    @Test
    void anUnknownProtocolIsRefusedWithTheKnownOnesAndTheRowsStay() {
        try (FlowsViewModel vm = new FlowsViewModel(store, EndpointNamer.ADDRESSES_ONLY, uiQueue::add)) {
            flow(1, 8080, L4Protocol.L4_PROTOCOL_TCP, 10, 100);
            flow(2, 53, L4Protocol.L4_PROTOCOL_UDP, 20, 50);
            pulse();
            vm.filterTextProperty().set("proto=http");
            pulse();
            assertThat(vm.filterErrorProperty().get()).contains("unknown proto 'http'")
                    .contains("use one of: tcp, udp, icmp, icmpv6");
            assertThat(vm.rows()).as("the table does not empty").extracting(FlowRow::flowId).containsExactly(2L, 1L);
        }
    }

    @Test
    void pauseFreezesTheTableWhileCaptureContinues() {
        try (FlowsViewModel vm = new FlowsViewModel(store, EndpointNamer.ADDRESSES_ONLY, uiQueue::add)) {
            flow(1, 80, L4Protocol.L4_PROTOCOL_TCP, 10, 1);
            pulse();
            vm.pausedProperty().set(true);
            flow(2, 80, L4Protocol.L4_PROTOCOL_TCP, 20, 1);
            pulse();
            assertThat(vm.rows()).hasSize(1);
            assertThat(store.node("n1").orElseThrow().size(dev.nightjar.protocol.PayloadKind.FLOW)).isEqualTo(2);

            vm.pausedProperty().set(false);
            pulse();
            assertThat(vm.rows()).hasSize(2);
        }
    }

    @Test
    void anInstantShowsTheFlowsAsTheyWereThen() {
        try (FlowsViewModel vm = new FlowsViewModel(store, EndpointNamer.ADDRESSES_ONLY, uiQueue::add)) {
            flow(1, 80, L4Protocol.L4_PROTOCOL_TCP, 10, 100);
            flow(1, 80, L4Protocol.L4_PROTOCOL_TCP, 50, 900);
            flow(2, 80, L4Protocol.L4_PROTOCOL_TCP, 60, 5);
            vm.instantNsProperty().set(20);
            pulse();
            assertThat(vm.rows()).singleElement().satisfies(r -> assertThat(r.bytesSent()).isEqualTo(100));
            vm.instantNsProperty().set(FlowsViewModel.LIVE);
            pulse();
            assertThat(vm.rows()).extracting(FlowRow::bytesSent).containsExactly(5L, 900L);
        }
    }

    /** A connect from 10.0.0.1:port to 10.0.0.3:9090 that was never answered, and the drop of its SYN. */
    private void unansweredWithItsDrop(long id, int clientPort, long ts) {
        FiveTuple tuple = FiveTuple.newBuilder()
                .setSrcAddr(ByteString.copyFrom(new byte[] {10, 0, 0, 1})).setSrcPort(clientPort)
                .setDstAddr(ByteString.copyFrom(new byte[] {10, 0, 0, 3})).setDstPort(9090)
                .setProtocol(L4Protocol.L4_PROTOCOL_TCP).build();
        store.accept(SensorEvent.newBuilder().setNode("n1").setSequence(seq++).setTimestampNs(ts)
                .setFlow(FlowUpdate.newBuilder().setFlowId(id).setTuple(tuple).setClosed(true)
                        .setVerdict(dev.nightjar.protocol.v1.FlowVerdict.FLOW_VERDICT_TIMED_OUT)
                        .setRole(dev.nightjar.protocol.v1.FlowRole.FLOW_ROLE_CLIENT)
                        .setFirstSeenNs(ts).setLastSeenNs(ts + 1_000)).build());
        store.accept(SensorEvent.newBuilder().setNode("n2").setSequence(seq++).setTimestampNs(ts + 5)
                .setDrop(dev.nightjar.protocol.v1.DropEvent.newBuilder().setReasonName("NETFILTER_DROP").setCount(2)
                        .setTuple(tuple).setFirstSeenNs(ts).setLastSeenNs(ts + 500)).build());
    }

    @Test
    void aFlowWhosePacketsWereDroppedIsDroppedWithTheReasonAndLeadsToItsDrops() {
        try (FlowsViewModel vm = new FlowsViewModel(store, EndpointNamer.ADDRESSES_ONLY, uiQueue::add)) {
            List<FlowRow> asked = new ArrayList<>();
            List<String> pods = new ArrayList<>();
            vm.onNavigate(asked::add, pods::add);
            flow(1, 8080, L4Protocol.L4_PROTOCOL_TCP, 10, 100);
            unansweredWithItsDrop(2, 45_000, 20);
            pulse();
            FlowRow dropped = vm.rows().stream().filter(r -> r.flowId() == 2).findFirst().orElseThrow();
            assertThat(dropped.verdict()).isEqualTo("DROPPED");
            assertThat(dropped.dropReason()).isEqualTo("NETFILTER_DROP");

            vm.filterTextProperty().set("verdict=DROPPED");
            pulse();
            assertThat(vm.rows()).extracting(FlowRow::flowId).containsExactly(2L);

            vm.showDrops(dropped);
            assertThat(asked).containsExactly(dropped);
            vm.showSyscalls("shop/cart-1");
            assertThat(pods).containsExactly("shop/cart-1");
        }
    }

    @Test
    void theGroupedViewFoldsTheRowsShownAndAddsUpToThem() {
        try (FlowsViewModel vm = new FlowsViewModel(store, EndpointNamer.ADDRESSES_ONLY, uiQueue::add)) {
            flow(1, 8080, L4Protocol.L4_PROTOCOL_TCP, 10, 100);
            flow(2, 8080, L4Protocol.L4_PROTOCOL_TCP, 20, 300);
            flow(3, 53, L4Protocol.L4_PROTOCOL_UDP, 30, 40);
            pulse();
            vm.groupedProperty().set(true);
            assertThat(vm.groups()).hasSize(2);
            assertThat(vm.groups().getFirst().destination()).isEqualTo("10.0.0.2");
            assertThat(vm.groups().getFirst().port()).isEqualTo(8080);
            assertThat(vm.groups().getFirst().flows()).isEqualTo(2);
            assertThat(vm.groups().stream().mapToLong(g -> g.bytes()).sum())
                    .isEqualTo(vm.rows().stream().mapToLong(r -> r.bytesSent() + r.bytesReceived()).sum());

            vm.filterToPair(vm.rows().stream().filter(r -> r.flowId() == 1).findFirst().orElseThrow());
            pulse();
            assertThat(vm.filterTextProperty().get()).isEqualTo("from-ip=10.0.0.1 to-ip=10.0.0.2 to-port=8080 proto=tcp");
            assertThat(vm.rows()).extracting(FlowRow::flowId).containsExactlyInAnyOrder(1L, 2L);
            assertThat(vm.groups()).singleElement();
        }
    }
}
