package dev.nightjar.sensor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowDirection;
import dev.nightjar.protocol.v1.FlowRole;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.FlowVerdict;
import dev.nightjar.protocol.v1.Heartbeat;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.protocol.v1.LossStage;
import dev.nightjar.protocol.v1.LostEvents;
import dev.nightjar.protocol.v1.ProcessInfo;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.FoldedStack;
import dev.nightjar.protocol.v1.Frame;
import dev.nightjar.protocol.v1.FrameKind;
import dev.nightjar.protocol.v1.StackSamples;
import dev.nightjar.protocol.v1.SyscallHistogram;
import dev.nightjar.protocol.v1.TcpState;
import dev.nightjar.protocol.v1.SyscallSpan;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EventLinesTest {

    private final EventLines lines = new EventLines(ZoneOffset.UTC);
    private static final long T = (21 * 3600 + 43 * 60 + 10) * 1_000_000_000L + 123_000_000L;

    private static SensorEvent.Builder at() {
        return SensorEvent.newBuilder().setNode("node-a").setTimestampNs(T);
    }

    @Test
    void udpAndIcmpFlowsHaveNoTcpStateAndIcmpHasNoPorts() {
        FiveTuple udp = FiveTuple.newBuilder().setSrcAddr(ByteString.copyFrom(new byte[] {10, 0, 0, 1})).setSrcPort(53)
                .setDstAddr(ByteString.copyFrom(new byte[] {10, 0, 0, 2})).setDstPort(5353)
                .setProtocol(L4Protocol.L4_PROTOCOL_UDP).build();
        assertThat(lines.format(at().setFlow(FlowUpdate.newBuilder().setTuple(udp).setBytesSent(2_500_000)
                .setRetransmits(2).setClosed(true)).build()))
                .isEqualTo("21:43:10.123 node-a FLOW udp 10.0.0.1:53 -> 10.0.0.2:5353 tx=2.5MB rx=0B retrans=2 closed");
        FiveTuple icmp = udp.toBuilder().setProtocol(L4Protocol.L4_PROTOCOL_ICMP).build();
        assertThat(lines.format(at().setFlow(FlowUpdate.newBuilder().setTuple(icmp)).build()))
                .isEqualTo("21:43:10.123 node-a FLOW icmp 10.0.0.1 -> 10.0.0.2 tx=0B rx=0B");
    }

    @Test
    void aFlowSaysWhichLocalSocketReportedIt() {
        FiveTuple tcp = FiveTuple.newBuilder().setSrcAddr(ByteString.copyFrom(new byte[] {127, 0, 0, 1})).setSrcPort(40000)
                .setDstAddr(ByteString.copyFrom(new byte[] {127, 0, 0, 1})).setDstPort(8080)
                .setProtocol(L4Protocol.L4_PROTOCOL_TCP).build();
        assertThat(lines.format(at().setFlow(FlowUpdate.newBuilder().setTuple(tcp)
                .setDirection(FlowDirection.FLOW_DIRECTION_OUTBOUND)).build()))
                .isEqualTo("21:43:10.123 node-a FLOW out tcp 127.0.0.1:40000 -> 127.0.0.1:8080 tx=0B rx=0B");
        assertThat(lines.format(at().setFlow(FlowUpdate.newBuilder().setTuple(tcp)
                .setDirection(FlowDirection.FLOW_DIRECTION_INBOUND)).build()))
                .isEqualTo("21:43:10.123 node-a FLOW in tcp 127.0.0.1:40000 -> 127.0.0.1:8080 tx=0B rx=0B");
    }

    @Test
    void aFlowStartsWithItsVerdictAndSaysWhichSocketsAreHereAndHowManyConnections() {
        FiveTuple tcp = FiveTuple.newBuilder().setSrcAddr(ByteString.copyFrom(new byte[] {10, 0, 0, 1}))
                .setDstAddr(ByteString.copyFrom(new byte[] {10, 0, 0, 9})).setDstPort(5432)
                .setProtocol(L4Protocol.L4_PROTOCOL_TCP).build();
        assertThat(lines.format(at().setFlow(FlowUpdate.newBuilder().setTuple(tcp)
                .setVerdict(FlowVerdict.FLOW_VERDICT_REFUSED).setRole(FlowRole.FLOW_ROLE_CLIENT).setConnections(12)
                .setTcpState(TcpState.TCP_STATE_CLOSE).setResetsReceived(12).setClosed(true).setPid(123).setComm("app"))
                .build()))
                .isEqualTo("21:43:10.123 node-a FLOW REFUSED client x12 tcp 10.0.0.1:0 -> 10.0.0.9:5432 CLOSE tx=0B rx=0B"
                        + " rst=0/12 closed pid=123 (app)");
        assertThat(lines.format(at().setFlow(FlowUpdate.newBuilder().setTuple(tcp.toBuilder().setSrcPort(40000))
                .setVerdict(FlowVerdict.FLOW_VERDICT_ESTABLISHED).setRole(FlowRole.FLOW_ROLE_BOTH).setConnections(1)
                .setPid(123).setComm("curl").setServerPid(77).setServerComm("postgres")).build()))
                .isEqualTo("21:43:10.123 node-a FLOW ESTABLISHED both tcp 10.0.0.1:40000 -> 10.0.0.9:5432 tx=0B rx=0B"
                        + " pid=123 (curl) -> pid=77 (postgres)");
    }

    @Test
    void syscallsAndProcesses() {
        assertThat(lines.format(at().setSyscallSpan(SyscallSpan.newBuilder().setSyscallName("read").setPid(12)
                .setComm("java").setDurationNs(12_300_000).setFd(3).setFdTarget("/var/log/x")
                .setReturnValue(-11).setErrno(11)).build()))
                .isEqualTo("21:43:10.123 node-a SYSCALL read 12.3ms fd=3 /var/log/x = -11 errno=11 pid=12 (java)");
        assertThat(lines.format(at().setSyscallHistogram(SyscallHistogram.newBuilder().setSyscallNr(999).setPid(12)
                .setCount(4).setErrors(1).setTotalLatencyNs(6_000)).build()))
                .isEqualTo("21:43:10.123 node-a SYSCALLS syscall#999 count=4 errors=1 avg=1.5us pid=12");
        assertThat(lines.format(at().setProcess(ProcessInfo.newBuilder().setPid(7).setPpid(1).setComm("nginx")
                .addCmdline("nginx").addCmdline("-g")
                .setContainerId("8f4b2e6c1d3a5f7e9b0c2d4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f2a")).build()))
                .isEqualTo("21:43:10.123 node-a PROC pid=7 (nginx) ppid=1 container=8f4b2e6c1d3a cmd=nginx -g");
        assertThat(lines.format(at().setProcess(ProcessInfo.newBuilder().setPid(7).setComm("nginx").setExited(true)).build()))
                .isEqualTo("21:43:10.123 node-a EXIT pid=7 (nginx)");
    }

    @Test
    void heartbeatsAreHiddenAndLossesShownOnlyWhenTheyMove() {
        assertThat(lines.format(at().setHeartbeat(Heartbeat.getDefaultInstance()).build())).isNull();
        SensorEvent none = at().setLost(LostEvents.newBuilder().addCounters(counter(0))).build();
        assertThat(lines.format(none)).as("nothing lost").isNull();
        SensorEvent five = at().setLost(LostEvents.newBuilder().addCounters(counter(5))).build();
        assertThat(lines.format(five)).isEqualTo("21:43:10.123 node-a LOST stream/flows=5 (cumulative)");
        assertThat(lines.format(five)).as("unchanged").isNull();
    }

    private static LossCounter counter(long lost) {
        return LossCounter.newBuilder().setStage(LossStage.LOSS_STAGE_STREAM).setKind(EventKind.EVENT_KIND_FLOWS)
                .setLostTotal(lost).build();
    }

    @Test
    void bytesUseDecimalUnits() {
        assertThat(HumanUnits.bytes(999)).isEqualTo("999B");
        assertThat(HumanUnits.bytes(1000)).isEqualTo("1.0KB");
        assertThat(HumanUnits.bytes(1234)).isEqualTo("1.2KB");
        assertThat(HumanUnits.bytes(999_999)).isEqualTo("1.0MB");
        assertThat(HumanUnits.bytes(Long.MAX_VALUE)).isEqualTo("9.2EB");
    }

    static StackSamples burnerProfile() {
        return StackSamples.newBuilder().setPid(4242).setComm("nj burner").setFrequencyHz(99)
                .addFrames(Frame.newBuilder().setName("main").setKind(FrameKind.FRAME_KIND_NATIVE))
                .addFrames(Frame.newBuilder().setName("nj_outer").setKind(FrameKind.FRAME_KIND_NATIVE))
                .addFrames(Frame.newBuilder().setName("nj_inner_spin").setKind(FrameKind.FRAME_KIND_NATIVE))
                .addFrames(Frame.newBuilder().setName("asm_sysvec_apic_timer_interrupt+0x1a").setKind(FrameKind.FRAME_KIND_KERNEL))
                .addStacks(FoldedStack.newBuilder().addFrames(0).addFrames(1).addFrames(3).setCount(2))
                .addStacks(FoldedStack.newBuilder().addFrames(0).addFrames(1).addFrames(2).setCount(55))
                .build();
    }

    @Test
    void aProfileIsOneLineForTheProcessThenOneLinePerStackMostSampledFirst() {
        assertThat(lines.format(at().setStacks(burnerProfile()).build())).isEqualTo("""
                21:43:10.123 node-a PROFILE samples=57 stacks=2 @99Hz pid=4242 (nj burner)
                21:43:10.123 node-a STACK 4242 nj_burner 55 main;nj_outer;nj_inner_spin
                21:43:10.123 node-a STACK 4242 nj_burner 2 main;nj_outer;asm_sysvec_apic_timer_interrupt+0x1a""");
    }

    @Test
    void aProfileInJsonCarriesEachStackFoldedByName() {
        String json = new JsonLines().format(at().setStacks(burnerProfile()).build());
        com.google.gson.JsonArray stacks = com.google.gson.JsonParser.parseString(json).getAsJsonObject()
                .getAsJsonObject("stacks").getAsJsonArray("stacks");
        assertThat(stacks.get(0).getAsJsonObject().get("folded").getAsString())
                .isEqualTo("main;nj_outer;asm_sysvec_apic_timer_interrupt+0x1a");
        assertThat(stacks.get(1).getAsJsonObject().get("folded").getAsString()).isEqualTo("main;nj_outer;nj_inner_spin");
        assertThat(stacks.get(1).getAsJsonObject().get("count").getAsString()).isEqualTo("55");
    }
}
