package dev.nightjar.sensor.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.HttpRequest;
import dev.nightjar.protocol.v1.Request;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.StackSamples;
import dev.nightjar.protocol.v1.SyscallHistogram;
import dev.nightjar.protocol.v1.SyscallSpan;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A stream's own filter, applied in user space to what the kernel's union let through. */
class StreamFilterTest {

    /** cgroup 20 lies under 10; nothing else is under anything. */
    private static final StreamFilter.CgroupAncestry TREE = (id, selected) -> id == selected || id == 20 && selected == 10;

    private static StreamFilter of(EventKind kind, Filter filter) {
        return new StreamFilter(new KindFilters(Map.of(kind, filter)), TREE, Set.of("NOT_SPECIFIED"));
    }

    private static SensorEvent span(int pid, long cgroup, String name, long durationNs) {
        return SensorEvent.newBuilder().setSyscallSpan(SyscallSpan.newBuilder().setPid(pid).setCgroupId(cgroup)
                .setSyscallName(name).setDurationNs(durationNs)).build();
    }

    @Test
    void flowsAreNarrowedByPortPidAndExactCgroup() {
        StreamFilter f = of(EventKind.EVENT_KIND_FLOWS, Filter.newBuilder().addPorts(8080).addPids(123).build());
        SensorEvent flow = TestEvents.flow(1, 1); // pid 123, 40000 -> 8080
        assertThat(f.accepts(EventKind.EVENT_KIND_FLOWS, flow)).isTrue();
        SensorEvent otherPid = flow.toBuilder().setFlow(flow.getFlow().toBuilder().setPid(9)).build();
        assertThat(f.accepts(EventKind.EVENT_KIND_FLOWS, otherPid)).isFalse();
        StreamFilter byCgroup = of(EventKind.EVENT_KIND_FLOWS, Filter.newBuilder().addCgroupIds(10).build());
        SensorEvent inChild = flow.toBuilder().setFlow(flow.getFlow().toBuilder().setCgroupId(20)).build();
        assertThat(byCgroup.accepts(EventKind.EVENT_KIND_FLOWS, inChild)).as("flows match cgroups exactly, as the"
                + " kernel's flow filter does").isFalse();
    }

    @Test
    void noiseDropsOnlyForAStreamThatAskedForThem() {
        SensorEvent noise = TestEvents.drop(1).toBuilder().setDrop(TestEvents.drop(1).getDrop().toBuilder()
                .setReasonName("NOT_SPECIFIED")).build();
        assertThat(of(EventKind.EVENT_KIND_DROPS, Filter.getDefaultInstance())
                .accepts(EventKind.EVENT_KIND_DROPS, noise)).isFalse();
        assertThat(of(EventKind.EVENT_KIND_DROPS, Filter.newBuilder().setIncludeNoiseDrops(true).build())
                .accepts(EventKind.EVENT_KIND_DROPS, noise)).isTrue();
        assertThat(of(EventKind.EVENT_KIND_DROPS, Filter.getDefaultInstance())
                .accepts(EventKind.EVENT_KIND_DROPS, TestEvents.drop(1))).isTrue();
    }

    @Test
    void syscallsFollowTheTaskSelectionTheSyscallSetAndTheStreamsOwnThreshold() {
        StreamFilter f = of(EventKind.EVENT_KIND_SYSCALLS, Filter.newBuilder().addPids(7).addCgroupIds(10)
                .addSyscalls("read").setSyscallLatencyThresholdNs(5_000_000).build());
        assertThat(f.accepts(EventKind.EVENT_KIND_SYSCALLS, span(7, 1, "read", 6_000_000))).isTrue();
        assertThat(f.accepts(EventKind.EVENT_KIND_SYSCALLS, span(8, 20, "read", 6_000_000)))
                .as("a task below a selected cgroup").isTrue();
        assertThat(f.accepts(EventKind.EVENT_KIND_SYSCALLS, span(8, 30, "read", 6_000_000))).isFalse();
        assertThat(f.accepts(EventKind.EVENT_KIND_SYSCALLS, span(7, 1, "write", 6_000_000))).isFalse();
        assertThat(f.accepts(EventKind.EVENT_KIND_SYSCALLS, span(7, 1, "read", 2_000_000)))
                .as("faster than this stream's threshold (another stream asked for a lower one)").isFalse();
        SensorEvent histogram = SensorEvent.newBuilder().setSyscallHistogram(SyscallHistogram.newBuilder().setPid(7)
                .setSyscallName("read")).build();
        assertThat(f.accepts(EventKind.EVENT_KIND_SYSCALLS, histogram)).isTrue();
        assertThat(of(EventKind.EVENT_KIND_SYSCALLS, Filter.getDefaultInstance())
                .accepts(EventKind.EVENT_KIND_SYSCALLS, span(7, 1, "read", 9_000_000)))
                .as("a syscall filter that selects nothing receives nothing").isFalse();
    }

    @Test
    void profilesOfTheSelectedTasksOrOfAllWhenNoneIsSelected() {
        SensorEvent stacks = SensorEvent.newBuilder().setStacks(StackSamples.newBuilder().setPid(5).setCgroupId(20))
                .build();
        assertThat(of(EventKind.EVENT_KIND_PROFILE, Filter.getDefaultInstance())
                .accepts(EventKind.EVENT_KIND_PROFILE, stacks)).isTrue();
        assertThat(of(EventKind.EVENT_KIND_PROFILE, Filter.newBuilder().addCgroupIds(10).build())
                .accepts(EventKind.EVENT_KIND_PROFILE, stacks)).isTrue();
        assertThat(of(EventKind.EVENT_KIND_PROFILE, Filter.newBuilder().addPids(6).build())
                .accepts(EventKind.EVENT_KIND_PROFILE, stacks)).isFalse();
    }

    /**
     * The parsers work to the union of every stream's request settings; each stream gets its own:
     * a fast successful request only above its own threshold, and literals masked again unless it
     * asked for them.
     */
    @Test
    void aRequestIsNarrowedToTheStreamsOwnThresholdAndMaskedAgainUnlessItAskedForLiterals() {
        Request unmasked = Request.newBuilder().setProtocol(AppProtocol.APP_PROTOCOL_HTTP1).setPid(7)
                .setLatencyNs(150_000_000).setLiteralsUnmasked(true)
                .setHttp(HttpRequest.newBuilder().setMethod("GET").setPath("/search?q=secret").setStatus(200)).build();
        SensorEvent event = SensorEvent.newBuilder().setRequest(unmasked).build();
        Filter wholeNode = Filter.newBuilder().setRequestsWholeNode(true).build();

        StreamFilter masked = of(EventKind.EVENT_KIND_REQUESTS, wholeNode.toBuilder().setRequestSlowThresholdNs(100_000_000).build());
        SensorEvent seen = masked.narrow(EventKind.EVENT_KIND_REQUESTS, event);
        assertThat(seen).isNotNull();
        assertThat(seen.getRequest().getHttp().getPath()).doesNotContain("secret").startsWith("/search?q=");
        assertThat(seen.getRequest().getLiteralsUnmasked()).isFalse();

        StreamFilter literals = of(EventKind.EVENT_KIND_REQUESTS, wholeNode.toBuilder().setRequestSlowThresholdNs(100_000_000)
                .setRequestUnmaskLiterals(true).build());
        assertThat(literals.narrow(EventKind.EVENT_KIND_REQUESTS, event).getRequest().getHttp().getPath())
                .isEqualTo("/search?q=secret");

        StreamFilter slower = of(EventKind.EVENT_KIND_REQUESTS, wholeNode.toBuilder().setRequestSlowThresholdNs(500_000_000).build());
        assertThat(slower.narrow(EventKind.EVENT_KIND_REQUESTS, event)).as("fast, successful, not sampled").isNull();
        SensorEvent failed = event.toBuilder().setRequest(unmasked.toBuilder().setError(true)
                .setHttp(unmasked.getHttp().toBuilder().setStatus(500))).build();
        assertThat(slower.narrow(EventKind.EVENT_KIND_REQUESTS, failed)).as("every error is sent").isNotNull();
    }
}
