package dev.nightjar.desktop.ui.drops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.drops.DropReasonCatalog;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DropsViewModelTest {

    private final List<Runnable> uiQueue = new ArrayList<>();
    private final CaptureStore store = new CaptureStore(StoreLimits.uniform(100, 4));
    private long seq;

    private void pulse() {
        List<Runnable> now = new ArrayList<>(uiQueue);
        uiQueue.clear();
        now.forEach(Runnable::run);
    }

    private void drop(String reason, long count) {
        store.accept(SensorEvent.newBuilder().setNode("n").setSequence(seq).setTimestampNs(seq++)
                .setDrop(DropEvent.newBuilder().setReasonName(reason).setCount(count)).build());
    }

    @Test
    void groupsAreExplainedAndTheUsersSelectionSurvivesNewDrops() {
        try (DropsViewModel vm = new DropsViewModel(store, DropReasonCatalog.builtIn(), EndpointNamer.ADDRESSES_ONLY, uiQueue::add)) {
            drop("NO_SOCKET", 5);
            drop("NETFILTER_DROP", 1);
            pulse();
            assertThat(vm.groups()).extracting(g -> g.reason().name()).containsExactly("NO_SOCKET", "NETFILTER_DROP");
            assertThat(vm.selectedProperty().get().reason().name()).as("busiest preselected").isEqualTo("NO_SOCKET");
            assertThat(vm.selectedProperty().get().reason().explanation()).isNotBlank();

            vm.selectedProperty().set(vm.groups().get(1));
            drop("NETFILTER_DROP", 10);
            drop("NO_SOCKET", 1);
            pulse();
            assertThat(vm.groups()).extracting(g -> g.reason().name()).containsExactly("NETFILTER_DROP", "NO_SOCKET");
            assertThat(vm.selectedProperty().get().reason().name()).isEqualTo("NETFILTER_DROP");
            assertThat(vm.selectedProperty().get().packets()).isEqualTo(11);
        }
    }

    @Test
    void aFilterThatCannotBeReadSaysWhyAndTheLastValidOneStaysInForce() {
        try (DropsViewModel vm = new DropsViewModel(store, DropReasonCatalog.builtIn(), EndpointNamer.ADDRESSES_ONLY, uiQueue::add)) {
            drop("NO_SOCKET", 5);
            drop("NETFILTER_DROP", 1);
            pulse();
            vm.filterTextProperty().set("reason=NETFILTER_DROP");
            pulse();
            assertThat(vm.groups()).extracting(g -> g.reason().name()).containsExactly("NETFILTER_DROP");
            assertThat(vm.filterErrorProperty().get()).isEmpty();

            vm.filterTextProperty().set("reason=NETFILTER_DROP colour=red");
            pulse();
            assertThat(vm.filterErrorProperty().get()).contains("unknown field 'colour'")
                    .contains("use one of: iface, ip, location, node, ns, pod, port, proto, reason")
                    .contains("at character 23");
            assertThat(vm.groups()).as("the table does not empty").extracting(g -> g.reason().name())
                    .containsExactly("NETFILTER_DROP");

            vm.filterTextProperty().set("");
            pulse();
            assertThat(vm.groups()).hasSize(2);
        }
    }

    /** Issue 14: proto=http was accepted on the Drops page and showed an empty table without a word. */
    @Test
    void anUnknownProtocolIsRefusedWithTheKnownOnesAndTheTableKeepsItsRows() {
        try (DropsViewModel vm = new DropsViewModel(store, DropReasonCatalog.builtIn(), EndpointNamer.ADDRESSES_ONLY, uiQueue::add)) {
            drop("NO_SOCKET", 5);
            drop("NETFILTER_DROP", 1);
            pulse();
            vm.filterTextProperty().set("proto=http");
            pulse();
            assertThat(vm.filterErrorProperty().get()).contains("unknown proto 'http'")
                    .contains("use one of: tcp, udp, icmp, icmpv6");
            assertThat(vm.groups()).as("the table does not empty").hasSize(2);

            vm.filterTextProperty().set("proto=TCP,udp");
            pulse();
            assertThat(vm.filterErrorProperty().get()).as("known protocols, in any case").isEmpty();
        }
    }
}
