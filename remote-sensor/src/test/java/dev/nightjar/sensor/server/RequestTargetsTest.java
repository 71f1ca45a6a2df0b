package dev.nightjar.sensor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.Request;
import dev.nightjar.protocol.v1.RequestStats;
import dev.nightjar.protocol.v1.RequestTarget;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.TaskSelection;
import dev.nightjar.protocol.v1.Targets;
import dev.nightjar.sensor.proc.CgroupTree;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RequestTarget (protocol 3) into the REQUESTS kind's filter, the union over streams, and one stream's narrowing. */
class RequestTargetsTest {

    @TempDir
    Path cgroupRoot;

    private Filter filterOf(RequestTarget target) {
        return new TargetRequests(new CgroupTree(cgroupRoot), List::of)
                .of(Targets.newBuilder().setRequests(target).build()).filter(EventKind.EVENT_KIND_REQUESTS);
    }

    @Test
    void aTargetsTasksAndSettingsBecomeTheFilter() {
        Filter filter = filterOf(RequestTarget.newBuilder()
                .setTasks(TaskSelection.newBuilder().addPids(42).addCgroupIds(7))
                .setMaxCaptureBytes(512).setSlowThresholdNs(20_000_000).setSampleRate(0.25)
                .addProtocols(AppProtocol.APP_PROTOCOL_HTTP1).addProtocols(AppProtocol.APP_PROTOCOL_DNS)
                .setUnmaskLiterals(true).build());
        assertThat(filter.getPidsList()).containsExactly(42);
        assertThat(filter.getCgroupIdsList()).containsExactly(7L);
        assertThat(filter.getRequestsWholeNode()).isFalse();
        assertThat(filter.getRequestMaxCaptureBytes()).isEqualTo(512);
        assertThat(filter.getRequestSlowThresholdNs()).isEqualTo(20_000_000);
        assertThat(filter.getRequestSampleRate()).isEqualTo(0.25);
        assertThat(filter.getRequestProtocolsList()).containsExactly(AppProtocol.APP_PROTOCOL_HTTP1,
                AppProtocol.APP_PROTOCOL_DNS);
        assertThat(filter.getRequestUnmaskLiterals()).isTrue();
        assertThat(filter.getSyscallsWholeNode()).as("the syscalls' switch stays off").isFalse();
    }

    @Test
    void theWholeNodeIsItsOwnSwitch() {
        Filter filter = filterOf(RequestTarget.newBuilder().setTasks(TaskSelection.newBuilder().setWholeNode(true))
                .build());
        assertThat(filter.getRequestsWholeNode()).isTrue();
        assertThat(filter.getSyscallsWholeNode()).isFalse();
        assertThat(filter.getPidsList()).isEmpty();
    }

    @Test
    void selectingNothingOrABadSampleRateIsRefused() {
        assertThatThrownBy(() -> filterOf(RequestTarget.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                        .isEqualTo(Status.Code.INVALID_ARGUMENT))
                .hasMessageContaining("requests target selects no task");
        assertThatThrownBy(() -> filterOf(RequestTarget.newBuilder()
                .setTasks(TaskSelection.newBuilder().addPids(1)).setSampleRate(1.5).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                        .isEqualTo(Status.Code.INVALID_ARGUMENT))
                .hasMessageContaining("sample_rate 1.5");
    }

    @Test
    void theUnionTakesTheLowestThresholdTheHighestRateAndBytesAndEveryProtocol() {
        Filter a = Filter.newBuilder().addPids(3).setRequestSlowThresholdNs(50_000_000).setRequestSampleRate(0.1)
                .setRequestMaxCaptureBytes(100_000).addRequestProtocols(AppProtocol.APP_PROTOCOL_HTTP1).build();
        Filter b = Filter.newBuilder().addCgroupIds(12).setRequestSampleRate(0.5).setRequestUnmaskLiterals(true)
                .addRequestProtocols(AppProtocol.APP_PROTOCOL_REDIS).build();
        Filter nothing = Filter.newBuilder().setRequestSlowThresholdNs(1).setRequestSampleRate(1).build();
        Filter union = FilterUnion.of(EventKind.EVENT_KIND_REQUESTS, List.of(a, b, nothing));
        assertThat(union.getPidsList()).containsExactly(3);
        assertThat(union.getCgroupIdsList()).containsExactly(12L);
        assertThat(union.getRequestSlowThresholdNs()).as("a's 50 ms under b's default 100 ms; the stream that"
                + " selects nothing does not count").isEqualTo(50_000_000);
        assertThat(union.getRequestSampleRate()).isEqualTo(0.5);
        assertThat(union.getRequestMaxCaptureBytes()).as("the kernel's cap").isEqualTo(8192);
        assertThat(union.getRequestProtocolsList()).containsExactly(AppProtocol.APP_PROTOCOL_HTTP1,
                AppProtocol.APP_PROTOCOL_REDIS);
        assertThat(union.getRequestUnmaskLiterals()).isTrue();

        Filter open = FilterUnion.of(EventKind.EVENT_KIND_REQUESTS, List.of(a,
                Filter.newBuilder().setRequestsWholeNode(true).build()));
        assertThat(open.getRequestsWholeNode()).isTrue();
        assertThat(open.getPidsList()).isEmpty();
        assertThat(open.getRequestProtocolsList()).as("a stream asking for every protocol opens the set").isEmpty();
        assertThat(open.getRequestMaxCaptureBytes()).isEqualTo(8192);
        assertThat(FilterUnion.of(EventKind.EVENT_KIND_REQUESTS, List.of(nothing)))
                .as("nobody selects a task: the capture stays off").isEqualTo(Filter.getDefaultInstance());
        assertThat(FilterUnion.of(EventKind.EVENT_KIND_REQUESTS, List.of(b)).getRequestMaxCaptureBytes())
                .as("0 is the default").isEqualTo(4096);
    }

    @Test
    void aStreamGetsRequestsOfItsTasksAndProtocolsOnly() {
        Filter mine = Filter.newBuilder().addPids(5).addCgroupIds(10)
                .addRequestProtocols(AppProtocol.APP_PROTOCOL_HTTP1).build();
        StreamFilter stream = new StreamFilter(new KindFilters(Map.of(EventKind.EVENT_KIND_REQUESTS, mine)),
                (id, selected) -> id == selected || id == 20 && selected == 10, Set.of());
        assertThat(stream.accepts(EventKind.EVENT_KIND_REQUESTS, request(5, 0, AppProtocol.APP_PROTOCOL_HTTP1))).isTrue();
        assertThat(stream.accepts(EventKind.EVENT_KIND_REQUESTS, request(9, 20, AppProtocol.APP_PROTOCOL_HTTP1)))
                .as("a cgroup below a selected one").isTrue();
        assertThat(stream.accepts(EventKind.EVENT_KIND_REQUESTS, request(9, 30, AppProtocol.APP_PROTOCOL_HTTP1)))
                .isFalse();
        assertThat(stream.accepts(EventKind.EVENT_KIND_REQUESTS, request(5, 0, AppProtocol.APP_PROTOCOL_DNS)))
                .as("another protocol").isFalse();
        SensorEvent statsAtServer = SensorEvent.newBuilder().setRequestStats(RequestStats.newBuilder()
                .setProtocol(AppProtocol.APP_PROTOCOL_HTTP1).setClientPid(77).setServerPid(5)).build();
        assertThat(stream.accepts(EventKind.EVENT_KIND_REQUESTS, statsAtServer)).as("stats of its server").isTrue();

        StreamFilter wholeNode = new StreamFilter(new KindFilters(Map.of(EventKind.EVENT_KIND_REQUESTS,
                Filter.newBuilder().setRequestsWholeNode(true).build())), (id, selected) -> false, Set.of());
        assertThat(wholeNode.accepts(EventKind.EVENT_KIND_REQUESTS, request(9, 30, AppProtocol.APP_PROTOCOL_DNS)))
                .isTrue();
    }

    @Test
    void theRequestsFeatureServesTheRequestsKind() {
        assertThat(FilterPolicy.kindOf(Feature.FEATURE_REQUESTS)).isEqualTo(EventKind.EVENT_KIND_REQUESTS);
    }

    private static SensorEvent request(int pid, long cgroup, AppProtocol protocol) {
        return SensorEvent.newBuilder().setRequest(Request.newBuilder().setPid(pid).setCgroupId(cgroup)
                .setProtocol(protocol)).build();
    }
}
