package dev.nightjar.sensor.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.nightjar.protocol.v1.FlowDirection;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.TcpState;
import dev.nightjar.sensor.btf.BpfObjectTypes;
import dev.nightjar.sensor.btf.KernelBtf;
import dev.nightjar.sensor.collect.BpfTuple;
import dev.nightjar.sensor.collect.KernelClock;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** FlowRecord and UdpOwner against the structs clang compiled in bpf/flows.bpf.c, and the orientation rule. */
class FlowRecordLayoutTest {

    @Test
    void offsetsMatchTheCompiledObject() {
        KernelBtf.StructType flow = BpfObjectTypes.struct(FlowCollector.OBJECT, "nj_flow");
        assertThat(flow.byteSize()).isEqualTo(FlowRecord.SIZE);
        assertThat(flow.offsetOf("tuple")).isZero();
        assertThat(flow.offsetOf("flow_id")).isEqualTo(FlowRecord.FLOW_ID);
        assertThat(flow.offsetOf("first_ns")).isEqualTo(FlowRecord.FIRST_NS);
        assertThat(flow.offsetOf("last_ns")).isEqualTo(FlowRecord.LAST_NS);
        assertThat(flow.offsetOf("bytes_out")).isEqualTo(FlowRecord.BYTES_OUT);
        assertThat(flow.offsetOf("bytes_in")).isEqualTo(FlowRecord.BYTES_IN);
        assertThat(flow.offsetOf("segs_out")).isEqualTo(FlowRecord.SEGS_OUT);
        assertThat(flow.offsetOf("segs_in")).isEqualTo(FlowRecord.SEGS_IN);
        assertThat(flow.offsetOf("cgroup_id")).isEqualTo(FlowRecord.CGROUP_ID);
        assertThat(flow.offsetOf("retransmits")).isEqualTo(FlowRecord.RETRANSMITS);
        assertThat(flow.offsetOf("resets_out")).isEqualTo(FlowRecord.RESETS_OUT);
        assertThat(flow.offsetOf("resets_in")).isEqualTo(FlowRecord.RESETS_IN);
        assertThat(flow.offsetOf("pid")).isEqualTo(FlowRecord.PID);
        assertThat(flow.offsetOf("netns")).isEqualTo(FlowRecord.NETNS);
        assertThat(flow.offsetOf("state")).isEqualTo(FlowRecord.STATE);
        assertThat(flow.offsetOf("direction")).isEqualTo(FlowRecord.DIRECTION);
        assertThat(flow.offsetOf("closed")).isEqualTo(FlowRecord.CLOSED);
        assertThat(flow.offsetOf("comm")).isEqualTo(FlowRecord.COMM);

        KernelBtf.StructType owner = BpfObjectTypes.struct(FlowCollector.OBJECT, "nj_owner");
        assertThat(owner.byteSize()).isEqualTo(UdpOwner.SIZE);
        assertThat(owner.offsetOf("pid")).isEqualTo(UdpOwner.PID);
        assertThat(owner.offsetOf("netns")).isEqualTo(UdpOwner.NETNS);
        assertThat(owner.offsetOf("comm")).isEqualTo(UdpOwner.COMM);
        KernelBtf.StructType udpKey = BpfObjectTypes.struct(FlowCollector.OBJECT, "nj_udp_key");
        assertThat(udpKey.byteSize()).isEqualTo(UdpOwner.KEY_SIZE);
        assertThat(udpKey.offsetOf("cookie")).isEqualTo(UdpOwner.KEY_COOKIE);

        KernelBtf.StructType tuple = BpfObjectTypes.struct(FlowCollector.OBJECT, "nj_tuple");
        assertThat(tuple.byteSize()).isEqualTo(BpfTuple.SIZE);
        assertThat(tuple.offsetOf("sport")).isEqualTo(32);
        assertThat(tuple.offsetOf("dport")).isEqualTo(34);
        assertThat(tuple.offsetOf("family")).isEqualTo(36);
        assertThat(tuple.offsetOf("protocol")).isEqualTo(37);
    }

    @Test
    void anAcceptedFlowIsOrientedFromTheClient() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment f = arena.allocate(FlowRecord.SIZE, 8);
            f.asSlice(0, 4).copyFrom(MemorySegment.ofArray(new byte[] {10, 0, 0, 2}));   // local (server)
            f.asSlice(16, 4).copyFrom(MemorySegment.ofArray(new byte[] {10, 0, 0, 1}));  // remote (client)
            f.set(ValueLayout.JAVA_SHORT, 32, (short) 80);
            f.set(ValueLayout.JAVA_SHORT, 34, (short) 40_000);
            f.set(ValueLayout.JAVA_BYTE, 36, (byte) 2);
            f.set(ValueLayout.JAVA_BYTE, 37, (byte) 6);
            f.set(ValueLayout.JAVA_LONG, FlowRecord.BYTES_OUT, 500);   // server -> client
            f.set(ValueLayout.JAVA_LONG, FlowRecord.BYTES_IN, 100);    // client -> server
            f.set(ValueLayout.JAVA_INT, FlowRecord.RESETS_OUT, 1);
            f.set(ValueLayout.JAVA_BYTE, FlowRecord.STATE, (byte) 1);
            f.set(ValueLayout.JAVA_BYTE, FlowRecord.DIRECTION, (byte) FlowRecord.DIRECTION_INBOUND);
            f.asSlice(FlowRecord.COMM, 5).copyFrom(MemorySegment.ofArray("nginx".getBytes()));

            FlowUpdate u = FlowRecord.decode(f, KernelClock.calibrate()).build();
            assertThat(u.getDirection()).isEqualTo(FlowDirection.FLOW_DIRECTION_INBOUND);
            assertThat(u.getTuple().getSrcAddr()).isEqualTo(ByteString.copyFrom(new byte[] {10, 0, 0, 1}));
            assertThat(u.getTuple().getSrcPort()).isEqualTo(40_000);
            assertThat(u.getTuple().getDstPort()).isEqualTo(80);
            assertThat(u.getBytesSent()).as("client to server").isEqualTo(100);
            assertThat(u.getBytesReceived()).isEqualTo(500);
            assertThat(u.getResetsReceived()).as("the server's reset reached the client").isEqualTo(1);
            assertThat(u.getTcpState()).isEqualTo(TcpState.TCP_STATE_ESTABLISHED);
            assertThat(u.getComm()).isEqualTo("nginx");
            assertThat(u.getFirstSeenNs()).as("unknown stays 0").isZero();
        }
    }

    @Test
    void ipv4MappedIpv6AddressesAreShownAsIpv4() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment t = arena.allocate(BpfTuple.SIZE, 8);
            byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 1, 2, 3};
            t.asSlice(0, 16).copyFrom(MemorySegment.ofArray(mapped));
            t.set(ValueLayout.JAVA_BYTE, 36, (byte) 10);
            assertThat(BpfTuple.decode(t).getSrcAddr()).isEqualTo(ByteString.copyFrom(new byte[] {10, 1, 2, 3}));
            assertThat(BpfTuple.decode(t).getDstAddr().size()).isEqualTo(16);
        }
    }
}
