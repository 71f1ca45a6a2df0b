package dev.nightjar.sensor.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Filter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kernel's filter for several streams lets through everything any of them asked for, and no more than it must. */
class FilterUnionTest {

    @Test
    void networkFieldsStayNarrowOnlyWhenEveryStreamNarrowsThem() {
        Filter a = Filter.newBuilder().addPorts(80).addPids(5).build();
        Filter b = Filter.newBuilder().addPorts(443).addPorts(80).build();
        Filter union = FilterUnion.of(EventKind.EVENT_KIND_FLOWS, List.of(a, b));
        assertThat(union.getPortsList()).containsExactly(80, 443);
        assertThat(union.getPidsList()).as("b does not narrow by pid: the kernel may not either").isEmpty();
        assertThat(FilterUnion.of(EventKind.EVENT_KIND_DROPS, List.of(a, Filter.newBuilder().setIncludeNoiseDrops(true)
                .addPorts(53).build())).getIncludeNoiseDrops()).isTrue();
    }

    @Test
    void syscallSelectionsAddUpAndTheWholeNodeWins() {
        Filter pids = Filter.newBuilder().addPids(7).setSyscallLatencyThresholdNs(5_000_000).addSyscalls("read").build();
        Filter cgroup = Filter.newBuilder().addCgroupIds(99).addSyscalls("write").addSyscalls("read").build();
        Filter nothing = Filter.newBuilder().setSyscallLatencyThresholdNs(1).build();
        Filter union = FilterUnion.of(EventKind.EVENT_KIND_SYSCALLS, List.of(pids, cgroup, nothing));
        assertThat(union.getPidsList()).containsExactly(7);
        assertThat(union.getCgroupIdsList()).containsExactly(99L);
        assertThat(union.getSyscallsList()).containsExactly("read", "write");
        assertThat(union.getSyscallLatencyThresholdNs()).as("the lowest threshold of the selecting streams; a"
                + " stream that selects nothing does not count").isEqualTo(1_000_000);
        assertThat(union.getSyscallsWholeNode()).isFalse();

        Filter all = FilterUnion.of(EventKind.EVENT_KIND_SYSCALLS, List.of(pids,
                Filter.newBuilder().setSyscallsWholeNode(true).build()));
        assertThat(all.getSyscallsWholeNode()).isTrue();
        assertThat(all.getPidsList()).isEmpty();
        assertThat(all.getSyscallsList()).as("a stream asking for every syscall opens the set").isEmpty();
        assertThat(FilterUnion.of(EventKind.EVENT_KIND_SYSCALLS, List.of(nothing)))
                .as("nobody selects a task: syscall tracing stays off").isEqualTo(Filter.getDefaultInstance());
    }

    @Test
    void profileSamplesTheUnionOfTasksAtTheHighestFrequency() {
        Filter a = Filter.newBuilder().addPids(3).setProfileFrequencyHz(49).build();
        Filter b = Filter.newBuilder().addCgroupIds(12).setProfileFrequencyHz(199).build();
        Filter union = FilterUnion.of(EventKind.EVENT_KIND_PROFILE, List.of(a, b));
        assertThat(union.getPidsList()).containsExactly(3);
        assertThat(union.getCgroupIdsList()).containsExactly(12L);
        assertThat(union.getProfileFrequencyHz()).isEqualTo(199);
        Filter wholeNode = FilterUnion.of(EventKind.EVENT_KIND_PROFILE, List.of(a, Filter.getDefaultInstance()));
        assertThat(wholeNode.getPidsList()).isEmpty();
        assertThat(wholeNode.getProfileFrequencyHz()).as("0 asks for the default, 99").isEqualTo(99);
    }
}
