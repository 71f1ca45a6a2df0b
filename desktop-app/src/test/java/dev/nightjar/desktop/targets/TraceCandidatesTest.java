package dev.nightjar.desktop.targets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.naming.PodOfContainer;
import dev.nightjar.desktop.targets.TraceCandidates.Candidate;
import dev.nightjar.desktop.targets.TraceCandidates.Kind;
import dev.nightjar.protocol.v1.ProcessInfo;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The picker's list: pods from the processes' containers, then the live processes by name. */
class TraceCandidatesTest {

    private final CaptureStore store = new CaptureStore(StoreLimits.uniform(100, 4));
    private final PodOfContainer pods = id -> id.startsWith("cart") ? Optional.of("shop/cart-0") : Optional.empty();

    private void process(String node, int pid, String comm, String container, long cgroup, boolean exited) {
        store.accept(SensorEvent.newBuilder().setNode(node).setTimestampNs(pid)
                .setProcess(ProcessInfo.newBuilder().setPid(pid).setComm(comm).setContainerId(container)
                        .setCgroupId(cgroup).setExited(exited)).build());
    }

    @Test
    void podsComeFirstWithAllTheirContainersThenLiveProcessesByName() {
        process("node-a", 10, "nginx", "cart-aaa", 100, false);
        process("node-a", 11, "envoy", "cart-bbb", 101, false);
        process("node-a", 12, "redis", "0123456789abcdef0123", 102, false);
        process("node-a", 13, "bash", "", 1, false);
        process("node-a", 14, "gone", "", 1, false);
        process("node-a", 14, "gone", "", 1, true);

        List<Candidate> found = TraceCandidates.of(store, pods);

        assertThat(found).extracting(Candidate::label).containsExactly("container 0123456789ab", "pod shop/cart-0",
                "bash (13)", "envoy (11)", "nginx (10)", "redis (12)");
        Candidate cart = found.get(1);
        assertThat(cart.kind()).isEqualTo(Kind.POD);
        assertThat(cart.choice().containerIds()).containsExactlyInAnyOrder("cart-aaa", "cart-bbb");
        assertThat(cart.choice().cgroupIds()).containsExactlyInAnyOrder(100L, 101L);
        assertThat(found.get(0).kind()).isEqualTo(Kind.CONTAINER);
        Candidate nginx = found.get(4);
        assertThat(nginx.choice().pids()).containsExactly(10);
        assertThat(nginx.where()).isEqualTo("pod shop/cart-0 · node-a");
        assertThat(found.get(2).where()).isEqualTo("host · node-a");
    }

    @Test
    void everyWordOfASearchMustMatchTheNameOrWhereItRuns() {
        process("node-a", 10, "nginx", "cart-aaa", 100, false);
        process("node-b", 20, "nginx", "", 1, false);

        List<Candidate> found = TraceCandidates.of(store, pods);

        assertThat(found.stream().filter(c -> c.matches("NGINX cart")).map(Candidate::label))
                .containsExactly("nginx (10)");
        assertThat(found.stream().filter(c -> c.matches("nginx node-b")).map(Candidate::label))
                .containsExactly("nginx (20)");
        assertThat(found.stream().filter(c -> c.matches("")).count()).isEqualTo(found.size());
    }
}
