package dev.nightjar.sensor.flows;

import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowDirection;
import dev.nightjar.protocol.v1.FlowRole;
import dev.nightjar.protocol.v1.FlowRoleSource;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.FlowVerdict;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.sensor.collect.BpfTuple;
import dev.nightjar.sensor.collect.FilterCheck;
import dev.nightjar.sensor.collect.KernelClock;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Decodes a UDP exchange of bpf/flows.bpf.c and decides its client. The kernel
 * keys it by its two endpoints in a fixed order (a, b), so both sockets of a
 * local exchange count into one entry, and remembers which endpoint sent the
 * first datagram it saw:
 *
 * <pre>
 * struct nj_udp_key  (48)  addr_a @0, addr_b @16, port_a @32, port_b @34, family @36, netns_cookie @40
 * struct nj_udp_flow (176) flow_id @0, first_ns @8, last_ns @16, a @24, b @96, first_sender @168
 * struct nj_udp_side (72)  bytes_out @0, packets_out @8, bytes_in @16, packets_in @24, cgroup_id @32,
 *                          owner @40 (24), netns @64, seen @68, bound @69
 * </pre>
 *
 * The client is the endpoint that sent first, unless the ports say the sensor
 * missed the request: a first datagram from a well-known port (below 1024) to
 * one that is not, or from a port its program bound itself to one in the
 * ephemeral range (32768 and up) that was not bound, is an answer.
 */
final class UdpRecord {

    static final int KEY_SIZE = 48;
    static final int SIZE = 176;
    static final long KEY_ADDR_A = 0;
    static final long KEY_ADDR_B = 16;
    static final long KEY_PORT_A = 32;
    static final long KEY_PORT_B = 34;
    static final long KEY_FAMILY = 36;
    static final long FLOW_ID = 0;
    static final long FIRST_NS = 8;
    static final long LAST_NS = 16;
    static final long SIDE_A = 24;
    static final long SIDE_B = 96;
    static final long FIRST_SENDER = 168;
    static final int SIDE_SIZE = 72;
    static final long BYTES_OUT = 0;
    static final long PACKETS_OUT = 8;
    static final long BYTES_IN = 16;
    static final long PACKETS_IN = 24;
    static final long CGROUP_ID = 32;
    static final long OWNER = 40;
    static final long NETNS = 64;
    static final long SEEN = 68;
    static final long BOUND = 69;

    private static final int WELL_KNOWN_PORTS = 1024;
    private static final int EPHEMERAL_PORTS = 32768;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;

    private UdpRecord() {
    }

    static long firstSeenMonotonic(MemorySegment flow) {
        return flow.get(U64, FIRST_NS);
    }

    static long lastSeenMonotonic(MemorySegment flow) {
        return flow.get(U64, LAST_NS);
    }

    /** One endpoint: where its address and port are in the key, its side in the value. */
    private record Endpoint(long addressOffset, long portOffset, long side) {
    }

    private static final Endpoint A = new Endpoint(KEY_ADDR_A, KEY_PORT_A, SIDE_A);
    private static final Endpoint B = new Endpoint(KEY_ADDR_B, KEY_PORT_B, SIDE_B);

    private static int port(MemorySegment key, Endpoint e) {
        return Short.toUnsignedInt(key.get(ValueLayout.JAVA_SHORT_UNALIGNED, e.portOffset()));
    }

    private static boolean flag(MemorySegment flow, Endpoint e, long offset) {
        return flow.get(ValueLayout.JAVA_BYTE, e.side() + offset) != 0;
    }

    private static long counter(MemorySegment flow, Endpoint e, long offset) {
        return flow.get(U64, e.side() + offset);
    }

    /** Whether the first datagram seen, from {@code sender}, answered a request the sensor did not see. */
    static boolean firstDatagramWasAnAnswer(int senderPort, boolean senderBound, int receiverPort,
                                            boolean receiverBound) {
        if (senderPort < WELL_KNOWN_PORTS && receiverPort >= WELL_KNOWN_PORTS) {
            return true;
        }
        return senderBound && !receiverBound && senderPort < EPHEMERAL_PORTS && receiverPort >= EPHEMERAL_PORTS;
    }

    /** The two endpoints as client and server, and how that was decided. */
    private record Orientation(Endpoint client, Endpoint server, FlowRoleSource source) {
    }

    private static Orientation orient(MemorySegment key, MemorySegment flow) {
        boolean bSentFirst = flow.get(ValueLayout.JAVA_BYTE, FIRST_SENDER) != 0;
        Endpoint sender = bSentFirst ? B : A;
        Endpoint receiver = bSentFirst ? A : B;
        if (firstDatagramWasAnAnswer(port(key, sender), flag(flow, sender, BOUND), port(key, receiver),
                flag(flow, receiver, BOUND))) {
            return new Orientation(receiver, sender, FlowRoleSource.FLOW_ROLE_SOURCE_SERVER_PORT);
        }
        return new Orientation(sender, receiver, FlowRoleSource.FLOW_ROLE_SOURCE_FIRST_PACKET);
    }

    /** Facts the filter needs, without building the update: ports, then cgroup and pid of each local side. */
    static boolean passes(MemorySegment key, MemorySegment flow, FilterCheck filter) {
        long cgroupA = flag(flow, A, SEEN) ? counter(flow, A, CGROUP_ID) : counter(flow, B, CGROUP_ID);
        long cgroupB = flag(flow, B, SEEN) ? counter(flow, B, CGROUP_ID) : cgroupA;
        int pidA = flag(flow, A, SEEN) ? SocketOwner.pid(flow, A.side() + OWNER) : SocketOwner.pid(flow, B.side() + OWNER);
        int pidB = flag(flow, B, SEEN) ? SocketOwner.pid(flow, B.side() + OWNER) : pidA;
        return filter.passes(port(key, A), port(key, B), cgroupA, cgroupB, pidA, pidB);
    }

    static FlowUpdate.Builder decode(MemorySegment key, MemorySegment flow, KernelClock clock, boolean closed) {
        int family = Byte.toUnsignedInt(key.get(ValueLayout.JAVA_BYTE, KEY_FAMILY));
        Orientation o = orient(key, flow);
        Endpoint c = o.client();
        Endpoint s = o.server();
        boolean clientHere = flag(flow, c, SEEN);
        boolean serverHere = flag(flow, s, SEEN);
        FlowRole role = clientHere && serverHere ? FlowRole.FLOW_ROLE_BOTH
                : clientHere ? FlowRole.FLOW_ROLE_CLIENT : FlowRole.FLOW_ROLE_SERVER;
        Endpoint local = clientHere ? c : s;
        FlowUpdate.Builder b = FlowUpdate.newBuilder()
                .setFlowId(flow.get(U64, FLOW_ID))
                .setTuple(FiveTuple.newBuilder()
                        .setSrcAddr(BpfTuple.address(key, c.addressOffset(), family)).setSrcPort(port(key, c))
                        .setDstAddr(BpfTuple.address(key, s.addressOffset(), family)).setDstPort(port(key, s))
                        .setProtocol(L4Protocol.L4_PROTOCOL_UDP))
                .setDirection(role == FlowRole.FLOW_ROLE_SERVER ? FlowDirection.FLOW_DIRECTION_INBOUND
                        : FlowDirection.FLOW_DIRECTION_OUTBOUND)
                .setRole(role)
                .setRoleSource(o.source())
                .setVerdict(closed ? FlowVerdict.FLOW_VERDICT_CLOSED : FlowVerdict.FLOW_VERDICT_ESTABLISHED)
                // Each direction counted where it was sent when that socket is here, else where received.
                .setBytesSent(clientHere ? counter(flow, c, BYTES_OUT) : counter(flow, s, BYTES_IN))
                .setSegmentsSent(clientHere ? counter(flow, c, PACKETS_OUT) : counter(flow, s, PACKETS_IN))
                .setBytesReceived(serverHere ? counter(flow, s, BYTES_OUT) : counter(flow, c, BYTES_IN))
                .setSegmentsReceived(serverHere ? counter(flow, s, PACKETS_OUT) : counter(flow, c, PACKETS_IN))
                .setFirstSeenNs(clock.toWallNanos(firstSeenMonotonic(flow)))
                .setLastSeenNs(clock.toWallNanos(lastSeenMonotonic(flow)))
                .setClosed(closed)
                .setPid(SocketOwner.pid(flow, local.side() + OWNER))
                .setComm(SocketOwner.comm(flow, local.side() + OWNER))
                .setCgroupId(counter(flow, local, CGROUP_ID))
                .setNetnsInode(Integer.toUnsignedLong(flow.get(ValueLayout.JAVA_INT_UNALIGNED, local.side() + NETNS)))
                .setConnections(1);
        if (role == FlowRole.FLOW_ROLE_BOTH) {
            b.setServerPid(SocketOwner.pid(flow, s.side() + OWNER))
                    .setServerComm(SocketOwner.comm(flow, s.side() + OWNER))
                    .setServerCgroupId(counter(flow, s, CGROUP_ID))
                    .setServerNetnsInode(Integer.toUnsignedLong(
                            flow.get(ValueLayout.JAVA_INT_UNALIGNED, s.side() + NETNS)));
        }
        return b;
    }
}
