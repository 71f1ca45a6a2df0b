package dev.nightjar.desktop.ui.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.flows.FlowRow;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.naming.FlowEndpoint;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowRole;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.FlowVerdict;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A dropped flow leads to its drop group, the group's tuple back to the flow, a pod to its syscalls. */
class WorkbenchNavigationTest {

    private static final long T = 1_764_000_000_000_000_000L;
    private final List<Runnable> ui = new ArrayList<>();
    private final CaptureStore store = new CaptureStore(StoreLimits.uniform(1000, 4));
    private long seq;

    private void pulse() {
        while (!ui.isEmpty()) {
            List<Runnable> now = new ArrayList<>(ui);
            ui.clear();
            now.forEach(Runnable::run);
        }
    }

    private static FiveTuple tcp(int a, int sport, int b, int dport) {
        return FiveTuple.newBuilder().setProtocol(L4Protocol.L4_PROTOCOL_TCP)
                .setSrcAddr(ByteString.copyFrom(new byte[] {10, 77, 0, (byte) a})).setSrcPort(sport)
                .setDstAddr(ByteString.copyFrom(new byte[] {10, 77, 0, (byte) b})).setDstPort(dport).build();
    }

    private void accept(SensorEvent.Builder e) {
        store.accept(e.setNode("worker-1").setSequence(seq++).build());
    }

    private void drop(String reason, FiveTuple tuple, long at) {
        accept(SensorEvent.newBuilder().setTimestampNs(at).setDrop(DropEvent.newBuilder().setReasonName(reason)
                .setCount(1).setTuple(tuple).setFirstSeenNs(at).setLastSeenNs(at)));
    }

    @Test
    void aDroppedFlowLeadsToItsDropGroupAndItsTupleLeadsBack() {
        FiveTuple blocked = tcp(10, 46330, 12, 9090);
        accept(SensorEvent.newBuilder().setTimestampNs(T + 300).setFlow(FlowUpdate.newBuilder().setFlowId(1)
                .setTuple(blocked).setClosed(true).setRole(FlowRole.FLOW_ROLE_CLIENT)
                .setVerdict(FlowVerdict.FLOW_VERDICT_TIMED_OUT).setFirstSeenNs(T).setLastSeenNs(T + 300)));
        drop("NETFILTER_DROP", blocked, T + 1);
        drop("NETFILTER_DROP", tcp(10, 50000, 11, 8080), T + 2);   // another tuple of the same reason
        drop("NO_SOCKET", tcp(11, 41000, 12, 7000), T + 3);         // another reason
        try (WorkbenchViewModel vm = new WorkbenchViewModel(store, new CaptureSource(false, "t", ""),
                EndpointNamer.ADDRESSES_ONLY, ui::add)) {
            vm.pageProperty().set(WorkbenchPage.FLOWS);
            pulse();
            FlowRow row = vm.flows().rows().getFirst();
            assertThat(row.verdict()).isEqualTo("DROPPED");

            vm.flows().showDrops(row);
            pulse();
            assertThat(vm.pageProperty().get()).isEqualTo(WorkbenchPage.DROPS);
            assertThat(vm.drops().selectedProperty().get().reason().name()).isEqualTo("NETFILTER_DROP");
            assertThat(vm.drops().tuples()).as("only the flow's own packets").singleElement().satisfies(t -> {
                assertThat(t.source().port()).isEqualTo(46330);
                assertThat(t.destination().port()).isEqualTo(9090);
            });
            vm.drops().clearFocus();
            pulse(); // the page rebuilds its endpoints off the UI thread, as for any other change
            assertThat(vm.drops().tuples()).hasSize(2);

            vm.drops().showFlows(vm.drops().tuples().stream()
                    .filter(t -> t.destination().port() == 9090).findFirst().orElseThrow());
            pulse();
            assertThat(vm.pageProperty().get()).isEqualTo(WorkbenchPage.FLOWS);
            assertThat(vm.flows().filterTextProperty().get()).isEqualTo("ip=10.77.0.10 ip=10.77.0.12 port=9090");
            assertThat(vm.flows().rows()).extracting(FlowRow::flowId).containsExactly(1L);

            vm.flows().showSyscalls("shop/cart-5f");
            assertThat(vm.pageProperty().get()).isEqualTo(WorkbenchPage.SYSCALLS);
            assertThat(vm.syscalls().podProperty().get()).isEqualTo("shop/cart-5f");
        }
    }

    @Test
    void aFlowsDropFocusMatchesItsPacketsEitherWay() {
        var focus = new dev.nightjar.desktop.drops.DropFocus("", FlowEndpoint.ofAddress("10.0.0.1", 40000),
                FlowEndpoint.ofAddress("10.0.0.2", 80), "TCP");
        assertThat(focus.matches(new dev.nightjar.desktop.drops.DropTuple("n", FlowEndpoint.ofAddress("10.0.0.2", 80),
                FlowEndpoint.ofAddress("10.0.0.1", 40000), "TCP", "", "", 1, 1))).as("the answer").isTrue();
        assertThat(focus.matches(new dev.nightjar.desktop.drops.DropTuple("n", FlowEndpoint.ofAddress("10.0.0.1", 0),
                FlowEndpoint.ofAddress("10.0.0.2", 80), "TCP", "", "", 1, 1))).as("aggregated client ports").isTrue();
        assertThat(focus.matches(new dev.nightjar.desktop.drops.DropTuple("n", FlowEndpoint.ofAddress("10.0.0.1", 40001),
                FlowEndpoint.ofAddress("10.0.0.2", 80), "TCP", "", "", 1, 1))).as("another client port").isFalse();
    }
}
