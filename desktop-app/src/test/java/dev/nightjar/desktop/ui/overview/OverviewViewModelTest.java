package dev.nightjar.desktop.ui.overview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.flows.TopTalkers;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.naming.FlowEndpoint;
import dev.nightjar.desktop.overview.NodeOverview;
import dev.nightjar.desktop.targets.TaskChoice;
import dev.nightjar.desktop.targets.Traceable;
import dev.nightjar.desktop.ui.util.ViewExecutors;
import com.google.protobuf.ByteString;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Without a stage: the UI thread is a list of pending runs that the test executes like a pulse. */
class OverviewViewModelTest {

    private final List<Runnable> pendingOnUiThread = new ArrayList<>();

    private void pulse() {
        List<Runnable> now = new ArrayList<>(pendingOnUiThread);
        pendingOnUiThread.clear();
        now.forEach(Runnable::run);
    }

    @Test
    void refreshesOncePerPulseFromTheStore() {
        CaptureStore store = new CaptureStore(StoreLimits.uniform(10, 4));
        try (OverviewViewModel vm = new OverviewViewModel(store, pendingOnUiThread::add)) {
            pulse();
            assertThat(vm.nodes()).isEmpty();

            for (int i = 0; i < 1000; i++) {
                store.accept(SensorEvent.newBuilder().setNode(i % 2 == 0 ? "a" : "b").setSequence(i / 2)
                        .setDrop(DropEvent.newBuilder().setCount(1)).build());
            }
            assertThat(pendingOnUiThread).as("a thousand events, one pending refresh").hasSize(1);
            pulse();
            assertThat(vm.nodes()).extracting(n -> n.node()).containsExactly("a", "b");
            assertThat(vm.totalLostProperty().get()).as("two nodes, 500 drops each, 10 kept each").isEqualTo(980);
        }
    }

    @Test
    void stopsListeningWhenClosed() {
        CaptureStore store = new CaptureStore(StoreLimits.uniform(10, 4));
        OverviewViewModel vm = new OverviewViewModel(store, pendingOnUiThread::add);
        pulse();
        vm.close();
        store.accept(SensorEvent.newBuilder().setNode("a").setDrop(DropEvent.newBuilder()).build());
        assertThat(pendingOnUiThread).isEmpty();
    }

    @Test
    void aTopTalkerNamesTheProcessesAndPodsOfItsFlowsForItsTraceMenu() {
        CaptureStore store = new CaptureStore(StoreLimits.uniform(100, 4));
        EndpointNamer namer = (ip, port) -> switch (ip) {
            case "10.0.0.1" -> new FlowEndpoint(ip, port, "shop", "frontend-1", "frontend", "");
            case "10.0.0.2" -> new FlowEndpoint(ip, port, "shop", "cart-0", "", "cart");
            default -> FlowEndpoint.ofAddress(ip, port);
        };
        store.accept(flow(1, 10, 1, 2, 4242, "nginx"));
        store.accept(flow(2, 20, 1, 2, 4343, "nginx"));
        store.accept(flow(3, 5, 9, 8, 0, ""));
        try (OverviewViewModel vm = new OverviewViewModel(store, namer, ViewExecutors.uiOnly(pendingOnUiThread::add))) {
            pulse();
            NodeOverview node = vm.nodes().getFirst();
            assertThat(node.topTalkers()).extracting(TopTalkers.Talker::source).containsExactly("shop/frontend", "10.0.0.9");

            assertThat(vm.traceable(node, node.topTalkers().get(0))).isEqualTo(new Traceable(
                    List.of(TaskChoice.process("a", 4242, "nginx"), TaskChoice.process("a", 4343, "nginx")),
                    List.of("shop/frontend-1", "shop/cart-0")));
            assertThat(vm.traceable(node, node.topTalkers().get(1)).isEmpty())
                    .as("bare addresses without a process name nothing to trace").isTrue();
        }
    }

    /** A flow on node "a" from 10.0.0.{@code src} to 10.0.0.{@code dst}:8080, {@code bytes} sent by {@code pid}. */
    private static SensorEvent flow(long id, long bytes, int src, int dst, int pid, String comm) {
        FiveTuple tuple = FiveTuple.newBuilder()
                .setSrcAddr(ByteString.copyFrom(new byte[] {10, 0, 0, (byte) src})).setSrcPort(40000 + (int) id)
                .setDstAddr(ByteString.copyFrom(new byte[] {10, 0, 0, (byte) dst})).setDstPort(8080)
                .setProtocol(L4Protocol.L4_PROTOCOL_TCP).build();
        return SensorEvent.newBuilder().setNode("a").setSequence(id).setTimestampNs(id * 1000)
                .setFlow(FlowUpdate.newBuilder().setFlowId(id).setTuple(tuple).setBytesSent(bytes).setPid(pid)
                        .setComm(comm)).build();
    }
}
