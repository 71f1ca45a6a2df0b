package dev.nightjar.sensor.server;

import com.google.protobuf.ByteString;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.ProcessInfo;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.TcpState;

/** Known events for server and CLI tests. */
public final class TestEvents {

    private TestEvents() {
    }

    public static FiveTuple tcp(byte[] src, int srcPort, byte[] dst, int dstPort) {
        return FiveTuple.newBuilder().setSrcAddr(ByteString.copyFrom(src)).setSrcPort(srcPort)
                .setDstAddr(ByteString.copyFrom(dst)).setDstPort(dstPort)
                .setProtocol(L4Protocol.L4_PROTOCOL_TCP).build();
    }

    public static SensorEvent flow(long flowId, long timestampNs) {
        return SensorEvent.newBuilder().setTimestampNs(timestampNs).setFlow(FlowUpdate.newBuilder()
                .setFlowId(flowId)
                .setTuple(tcp(new byte[] {10, 0, 0, 1}, 40_000, new byte[] {10, 0, 0, 2}, 8080))
                .setTcpState(TcpState.TCP_STATE_ESTABLISHED)
                .setBytesSent(1234).setBytesReceived(300).setPid(123).setComm("curl")).build();
    }

    public static SensorEvent drop(long timestampNs) {
        return SensorEvent.newBuilder().setTimestampNs(timestampNs).setDrop(DropEvent.newBuilder()
                .setReasonCode(6).setReasonName("NETFILTER_DROP").setLocation("nf_hook_slow+0x9c")
                .setTuple(tcp(new byte[] {10, 0, 0, 1}, 5, new byte[] {10, 0, 0, 2}, 80))
                .setCount(3)).build();
    }

    public static SensorEvent process(int pid, long timestampNs) {
        return SensorEvent.newBuilder().setTimestampNs(timestampNs)
                .setProcess(ProcessInfo.newBuilder().setPid(pid).setComm("sleep")).build();
    }
}
