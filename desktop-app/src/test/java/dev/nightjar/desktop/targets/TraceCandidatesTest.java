package dev.nightjar.desktop.targets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.syscalls.SyscallEvents;
import dev.nightjar.desktop.targets.TraceCandidates.Candidate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The picker's list carries the node each pod and process was seen on: their ids mean something only there. */
class TraceCandidatesTest {

    @Test
    void aPodSeenOnTwoNodesIsOneChoicePerNodeAndEveryProcessKnowsItsNode() {
        CaptureStore store = new CaptureStore(StoreLimits.uniform(100, 4));
        store.accept(SyscallEvents.process("node-a", 10, "cart", "c-on-a"));
        store.accept(SyscallEvents.process("node-b", 10, "cart", "c-on-b"));
        store.accept(SyscallEvents.process("node-b", 20, "sshd", ""));

        var candidates = TraceCandidates.of(store, containerId -> Optional.of("shop/cart-0"));

        assertThat(candidates).filteredOn(c -> c.kind() == TraceCandidates.Kind.POD)
                .extracting(c -> c.choice().node() + " " + c.choice().containerIds() + " " + c.where())
                .containsExactly("node-a [c-on-a] node-a", "node-b [c-on-b] node-b");
        assertThat(candidates).filteredOn(c -> c.kind() == TraceCandidates.Kind.PROCESS)
                .extracting(c -> c.label() + " " + c.choice().node() + " " + c.where())
                .containsExactly("cart (10) node-a pod shop/cart-0 · node-a", "cart (10) node-b pod shop/cart-0 · node-b",
                        "sshd (20) node-b host · node-b");
        assertThat(candidates).extracting(Candidate::choice).allMatch(TaskChoice::knowsNode);
    }
}
