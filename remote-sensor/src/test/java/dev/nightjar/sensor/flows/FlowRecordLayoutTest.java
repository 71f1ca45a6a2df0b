package dev.nightjar.sensor.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.nightjar.protocol.v1.FlowDirection;
import dev.nightjar.protocol.v1.FlowRole;
import dev.nightjar.protocol.v1.FlowRoleSource;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.FlowVerdict;
import dev.nightjar.protocol.v1.TcpState;
import dev.nightjar.sensor.btf.BpfObjectTypes;
import dev.nightjar.sensor.btf.KernelBtf;
import dev.nightjar.sensor.collect.BpfTuple;
import dev.nightjar.sensor.collect.KernelClock;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** FlowRecord and UdpRecord against the structs clang compiled in bpf/flows.bpf.c, and the UDP orientation rule. */
class FlowRecordLayoutTest {

    @Test
    void flowRecordOffsetsMatchTheCompiledObject() {
        KernelBtf.StructType flow = BpfObjectTypes.struct(FlowCollector.OBJECT, "nj_flow");
        assertThat(flow.byteSize()).isEqualTo(FlowRecord.SIZE);
        assertThat(flow.offsetOf("tuple")).isZero();
        assertThat(flow.offsetOf("flow_id")).isEqualTo(FlowRecord.FLOW_ID);
        assertThat(flow.offsetOf("first_ns")).isEqualTo(FlowRecord.FIRST_NS);
        assertThat(flow.offsetOf("last_ns")).isEqualTo(FlowRecord.LAST_NS);
        assertThat(flow.offsetOf("updated_ns")).isEqualTo(FlowRecord.UPDATED_NS);
        assertThat(flow.offsetOf("bytes_sent")).isEqualTo(FlowRecord.BYTES_SENT);
        assertThat(flow.offsetOf("bytes_received")).isEqualTo(FlowRecord.BYTES_RECEIVED);
        assertThat(flow.offsetOf("segs_sent")).isEqualTo(FlowRecord.SEGS_SENT);
        assertThat(flow.offsetOf("segs_received")).isEqualTo(FlowRecord.SEGS_RECEIVED);
        assertThat(flow.offsetOf("cgroup_id")).isEqualTo(FlowRecord.CGROUP_ID);
        assertThat(flow.offsetOf("server_cgroup_id")).isEqualTo(FlowRecord.SERVER_CGROUP_ID);
        assertThat(flow.offsetOf("connections")).isEqualTo(FlowRecord.CONNECTIONS);
        assertThat(flow.offsetOf("owner")).isEqualTo(FlowRecord.OWNER);
        assertThat(flow.offsetOf("server")).isEqualTo(FlowRecord.SERVER);
        assertThat(flow.offsetOf("netns")).isEqualTo(FlowRecord.NETNS);
        assertThat(flow.offsetOf("server_netns")).isEqualTo(FlowRecord.SERVER_NETNS);
        assertThat(flow.offsetOf("retransmits")).isEqualTo(FlowRecord.RETRANSMITS);
        assertThat(flow.offsetOf("resets_sent")).isEqualTo(FlowRecord.RESETS_SENT);
        assertThat(flow.offsetOf("resets_received")).isEqualTo(FlowRecord.RESETS_RECEIVED);
        assertThat(flow.offsetOf("error")).isEqualTo(FlowRecord.ERROR);
        assertThat(flow.offsetOf("state")).isEqualTo(FlowRecord.STATE);
        assertThat(flow.offsetOf("role")).isEqualTo(FlowRecord.ROLE);
        assertThat(flow.offsetOf("role_source")).isEqualTo(FlowRecord.ROLE_SOURCE);
        assertThat(flow.offsetOf("verdict")).isEqualTo(FlowRecord.VERDICT);
        assertThat(flow.offsetOf("record")).isEqualTo(FlowRecord.RECORD);
        assertThat(flow.offsetOf("ports_differ")).isEqualTo(FlowRecord.PORTS_DIFFER);
        assertThat(flow.offsetOf("servers_differ")).isEqualTo(FlowRecord.SERVERS_DIFFER);
        assertThat(flow.offsetOf("present")).isEqualTo(FlowRecord.PRESENT);

        KernelBtf.StructType owner = BpfObjectTypes.struct(FlowCollector.OBJECT, "nj_owner");
        assertThat(owner.byteSize()).isEqualTo(SocketOwner.SIZE);
        assertThat(owner.offsetOf("pid")).isEqualTo(SocketOwner.PID);
        assertThat(owner.offsetOf("source")).isEqualTo(SocketOwner.SOURCE);
        assertThat(owner.offsetOf("comm")).isEqualTo(SocketOwner.COMM);

        KernelBtf.StructType tuple = BpfObjectTypes.struct(FlowCollector.OBJECT, "nj_tuple");
        assertThat(tuple.byteSize()).isEqualTo(BpfTuple.SIZE);
        assertThat(tuple.offsetOf("sport")).isEqualTo(32);
        assertThat(tuple.offsetOf("dport")).isEqualTo(34);
        assertThat(tuple.offsetOf("family")).isEqualTo(36);
        assertThat(tuple.offsetOf("protocol")).isEqualTo(37);

        KernelBtf.StructType control = BpfObjectTypes.struct(FlowCollector.OBJECT, "nj_flow_control");
        assertThat(control.byteSize()).isEqualTo(16);
        assertThat(control.offsetOf("cutoff_ns")).isZero();
        assertThat(control.offsetOf("aggr_slot")).isEqualTo(8);
    }

    @Test
    void udpRecordOffsetsMatchTheCompiledObject() {
        KernelBtf.StructType key = BpfObjectTypes.struct(FlowCollector.OBJECT, "nj_udp_key");
        assertThat(key.byteSize()).isEqualTo(UdpRecord.KEY_SIZE);
        assertThat(key.offsetOf("addr_a")).isEqualTo(UdpRecord.KEY_ADDR_A);
        assertThat(key.offsetOf("addr_b")).isEqualTo(UdpRecord.KEY_ADDR_B);
        assertThat(key.offsetOf("port_a")).isEqualTo(UdpRecord.KEY_PORT_A);
        assertThat(key.offsetOf("port_b")).isEqualTo(UdpRecord.KEY_PORT_B);
        assertThat(key.offsetOf("family")).isEqualTo(UdpRecord.KEY_FAMILY);

        KernelBtf.StructType flow = BpfObjectTypes.struct(FlowCollector.OBJECT, "nj_udp_flow");
        assertThat(flow.byteSize()).isEqualTo(UdpRecord.SIZE);
        assertThat(flow.offsetOf("flow_id")).isEqualTo(UdpRecord.FLOW_ID);
        assertThat(flow.offsetOf("first_ns")).isEqualTo(UdpRecord.FIRST_NS);
        assertThat(flow.offsetOf("last_ns")).isEqualTo(UdpRecord.LAST_NS);
        assertThat(flow.offsetOf("a")).isEqualTo(UdpRecord.SIDE_A);
        assertThat(flow.offsetOf("b")).isEqualTo(UdpRecord.SIDE_B);
        assertThat(flow.offsetOf("first_sender")).isEqualTo(UdpRecord.FIRST_SENDER);

        KernelBtf.StructType side = BpfObjectTypes.struct(FlowCollector.OBJECT, "nj_udp_side");
        assertThat(side.byteSize()).isEqualTo(UdpRecord.SIDE_SIZE);
        assertThat(side.offsetOf("bytes_out")).isEqualTo(UdpRecord.BYTES_OUT);
        assertThat(side.offsetOf("packets_out")).isEqualTo(UdpRecord.PACKETS_OUT);
        assertThat(side.offsetOf("bytes_in")).isEqualTo(UdpRecord.BYTES_IN);
        assertThat(side.offsetOf("packets_in")).isEqualTo(UdpRecord.PACKETS_IN);
        assertThat(side.offsetOf("cgroup_id")).isEqualTo(UdpRecord.CGROUP_ID);
        assertThat(side.offsetOf("owner")).isEqualTo(UdpRecord.OWNER);
        assertThat(side.offsetOf("netns")).isEqualTo(UdpRecord.NETNS);
        assertThat(side.offsetOf("seen")).isEqualTo(UdpRecord.SEEN);
        assertThat(side.offsetOf("bound")).isEqualTo(UdpRecord.BOUND);
    }

    @Test
    void anAggregateOfSeveralClientPortsHasNoSourcePortAndCountsItsConnections() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment f = arena.allocate(FlowRecord.SIZE, 8);
            f.asSlice(0, 4).copyFrom(MemorySegment.ofArray(new byte[] {10, 0, 0, 1}));   // client
            f.asSlice(16, 4).copyFrom(MemorySegment.ofArray(new byte[] {10, 0, 0, 2}));  // server
            f.set(ValueLayout.JAVA_SHORT, 32, (short) 40_000);
            f.set(ValueLayout.JAVA_SHORT, 34, (short) 80);
            f.set(ValueLayout.JAVA_BYTE, 36, (byte) 2);
            f.set(ValueLayout.JAVA_BYTE, 37, (byte) 6);
            f.set(ValueLayout.JAVA_LONG, FlowRecord.BYTES_SENT, 300);
            f.set(ValueLayout.JAVA_LONG, FlowRecord.CONNECTIONS, 3);
            f.set(ValueLayout.JAVA_BYTE, FlowRecord.PORTS_DIFFER, (byte) 1);
            f.set(ValueLayout.JAVA_BYTE, FlowRecord.ROLE, (byte) FlowRole.FLOW_ROLE_BOTH_VALUE);
            f.set(ValueLayout.JAVA_BYTE, FlowRecord.ROLE_SOURCE, (byte) FlowRoleSource.FLOW_ROLE_SOURCE_SOCKET_VALUE);
            f.set(ValueLayout.JAVA_BYTE, FlowRecord.VERDICT, (byte) FlowVerdict.FLOW_VERDICT_CLOSED_VALUE);
            f.set(ValueLayout.JAVA_BYTE, FlowRecord.STATE, (byte) TcpState.TCP_STATE_CLOSE_VALUE);
            f.set(ValueLayout.JAVA_BYTE, FlowRecord.RECORD, (byte) FlowRecord.RECORD_CLOSE);
            f.set(ValueLayout.JAVA_INT, FlowRecord.SERVER + SocketOwner.PID, 4242);
            f.asSlice(FlowRecord.OWNER + SocketOwner.COMM, 4).copyFrom(MemorySegment.ofArray("curl".getBytes()));

            FlowUpdate u = FlowRecord.decode(f, KernelClock.calibrate()).build();
            assertThat(u.getTuple().getSrcAddr()).isEqualTo(ByteString.copyFrom(new byte[] {10, 0, 0, 1}));
            assertThat(u.getTuple().getSrcPort()).as("several client ports").isZero();
            assertThat(u.getTuple().getDstPort()).isEqualTo(80);
            assertThat(u.getConnections()).isEqualTo(3);
            assertThat(u.getBytesSent()).isEqualTo(300);
            assertThat(u.getRole()).isEqualTo(FlowRole.FLOW_ROLE_BOTH);
            assertThat(u.getDirection()).isEqualTo(FlowDirection.FLOW_DIRECTION_OUTBOUND);
            assertThat(u.getVerdict()).isEqualTo(FlowVerdict.FLOW_VERDICT_CLOSED);
            assertThat(u.getServerPid()).isEqualTo(4242);
            assertThat(u.getComm()).isEqualTo("curl");
            assertThat(u.getClosed()).isTrue();

            f.set(ValueLayout.JAVA_LONG, FlowRecord.CONNECTIONS, 1);
            assertThat(FlowRecord.decode(f, KernelClock.calibrate()).getTuple().getSrcPort())
                    .as("a single connection keeps its port").isEqualTo(40_000);
        }
    }

    @Test
    void aUdpDatagramFromAServicePortToAnEphemeralOneIsAnAnswer() {
        assertThat(UdpRecord.firstDatagramWasAnAnswer(53, false, 40_000, false)).as("DNS answer").isTrue();
        assertThat(UdpRecord.firstDatagramWasAnAnswer(40_000, false, 53, false)).as("DNS query").isFalse();
        assertThat(UdpRecord.firstDatagramWasAnAnswer(9_000, true, 45_000, false)).as("bound service answers").isTrue();
        assertThat(UdpRecord.firstDatagramWasAnAnswer(9_000, false, 45_000, false))
                .as("nothing says 9000 is a service: the sender is the client").isFalse();
        assertThat(UdpRecord.firstDatagramWasAnAnswer(123, true, 123, true)).as("peers: first sender").isFalse();
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
