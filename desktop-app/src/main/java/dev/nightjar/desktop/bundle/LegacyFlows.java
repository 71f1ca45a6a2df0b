package dev.nightjar.desktop.bundle;

import dev.nightjar.protocol.text.IpAddressText;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowDirection;
import dev.nightjar.protocol.v1.FlowRole;
import dev.nightjar.protocol.v1.FlowRoleSource;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Flows recorded by sensors from before flows had a role, told the way they are
 * now: client -> server, one flow per connection. Those sensors oriented a flow
 * from its initiator only when they saw the socket connect or accept; a socket
 * first seen mid-life came out from its local side, so a server's flows pointed
 * at the client's ephemeral port, and a connection between two pods of one node
 * was two flows, one per socket.
 *
 * <p>The rule is the sensor's own, applied to what the capture saw: an endpoint
 * is a server's when some flow with a known direction connected to it. A flow of
 * unknown direction from such an endpoint to one that is not is turned around.
 * Then, on each node, the connecting socket's flow and the accepting socket's flow
 * of the same connection become one, the client's, carrying the server's process
 * (role BOTH); the accepting socket's own updates are left out. A connection that
 * failed before it was established was recorded with source port 0; the drop
 * records of its SYNs kept the port the kernel chose, and it is taken from there
 * (the drop of the same addresses and server port nearest in time, each once).
 *
 * <p>Two passes over the capture: {@link #learn} every event, then {@link #correct}
 * each one. Flows that say their role (sensors after 0.1.0) pass unchanged. Memory:
 * a few facts per flow of the capture.
 */
final class LegacyFlows {

    private record Endpoint(String ip, int port, int protocol) {
    }

    private record FlowKey(String node, long flowId) {
    }

    private record Connection(String node, Endpoint client, Endpoint server) {
    }

    /** A client's packets to a server port, as a drop record kept them. */
    private record Hosts(String client, Endpoint server) {
    }

    private static final class DroppedSyn {
        final int clientPort;
        final long first;
        final long last;
        boolean taken;

        DroppedSyn(int clientPort, long first, long last) {
            this.clientPort = clientPort;
            this.first = first;
            this.last = last;
        }
    }

    /** How far from a flow's own times the drop of its SYN may be: the same clock, converted per flush. */
    private static final long DROP_SLACK_NS = 100_000_000L;

    /** What pass one keeps of a flow: how it was oriented and its latest owner. */
    private static final class Facts {
        final FlowKey key;
        FlowDirection direction;
        Endpoint src;
        Endpoint dst;
        FlowUpdate latest;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        // decided after pass one
        boolean reversed;
        FlowRole role = FlowRole.FLOW_ROLE_UNSPECIFIED;
        FlowRoleSource source = FlowRoleSource.FLOW_ROLE_SOURCE_UNSPECIFIED;
        boolean mergedAway;
        Facts server;
        int recoveredPort;

        Facts(FlowKey key) {
            this.key = key;
        }
    }

    private final Map<FlowKey, Facts> flows = new HashMap<>();
    private final Set<Endpoint> servers = new HashSet<>();
    private final Map<Hosts, List<DroppedSyn>> droppedSyns = new HashMap<>();
    private boolean decided;

    /** Pass one: every event of the capture, in any order. */
    void learn(SensorEvent event) {
        if (event.hasDrop()) {
            learnDrop(event);
            return;
        }
        if (!event.hasFlow() || event.getFlow().getRole() != FlowRole.FLOW_ROLE_UNSPECIFIED) {
            return;
        }
        FlowUpdate f = event.getFlow();
        FiveTuple t = f.getTuple();
        Endpoint src = new Endpoint(IpAddressText.of(t.getSrcAddr()), t.getSrcPort(), t.getProtocolValue());
        Endpoint dst = new Endpoint(IpAddressText.of(t.getDstAddr()), t.getDstPort(), t.getProtocolValue());
        if (f.getDirection() != FlowDirection.FLOW_DIRECTION_UNSPECIFIED) {
            servers.add(dst); // oriented from the initiator: the destination was connected to
        }
        FlowKey key = new FlowKey(event.getNode(), f.getFlowId());
        Facts facts = flows.computeIfAbsent(key, Facts::new);
        facts.direction = f.getDirection();
        facts.src = src;
        facts.dst = dst;
        facts.latest = f;
        facts.first = Math.min(facts.first, f.getFirstSeenNs());
        facts.last = Math.max(facts.last, f.getLastSeenNs());
    }

    private void learnDrop(SensorEvent event) {
        FiveTuple t = event.getDrop().getTuple();
        if (t.getSrcPort() == 0 || t.getDstPort() == 0) {
            return;
        }
        long first = event.getDrop().getFirstSeenNs() != 0 ? event.getDrop().getFirstSeenNs() : event.getTimestampNs();
        long last = event.getDrop().getLastSeenNs() != 0 ? event.getDrop().getLastSeenNs() : event.getTimestampNs();
        Endpoint server = new Endpoint(IpAddressText.of(t.getDstAddr()), t.getDstPort(), t.getProtocolValue());
        droppedSyns.computeIfAbsent(new Hosts(IpAddressText.of(t.getSrcAddr()), server), h -> new ArrayList<>())
                .add(new DroppedSyn(t.getSrcPort(), first, last));
    }

    /** Whether any flow needs the correction: a capture of a newer sensor reads as it is. */
    boolean needed() {
        return !flows.isEmpty();
    }

    /** Pass two: the event as it is shown, or empty when it is the server's side of a flow merged into its client's. */
    Optional<SensorEvent> correct(SensorEvent event) {
        if (!event.hasFlow() || event.getFlow().getRole() != FlowRole.FLOW_ROLE_UNSPECIFIED) {
            return Optional.of(event);
        }
        decide();
        Facts facts = flows.get(new FlowKey(event.getNode(), event.getFlow().getFlowId()));
        if (facts == null) {
            return Optional.of(event);
        }
        if (facts.mergedAway) {
            return Optional.empty();
        }
        FlowUpdate.Builder f = event.getFlow().toBuilder();
        if (facts.reversed) {
            turnAround(f);
        }
        if (facts.recoveredPort != 0) {
            f.setTuple(f.getTuple().toBuilder().setSrcPort(facts.recoveredPort));
        }
        f.setRole(facts.role).setRoleSource(facts.source);
        if (facts.server != null) {
            FlowUpdate server = facts.server.latest;
            f.setServerPid(server.getPid()).setServerComm(server.getComm())
                    .setServerCgroupId(server.getCgroupId()).setServerNetnsInode(server.getNetnsInode());
        }
        return Optional.of(event.toBuilder().setFlow(f).build());
    }

    private void decide() {
        if (decided) {
            return;
        }
        decided = true;
        Map<Connection, List<Facts>> byConnection = new HashMap<>();
        for (Facts facts : flows.values()) {
            orient(facts);
            Endpoint client = facts.reversed ? facts.dst : facts.src;
            Endpoint server = facts.reversed ? facts.src : facts.dst;
            byConnection.computeIfAbsent(new Connection(facts.key.node(), client, server), c -> new ArrayList<>())
                    .add(facts);
        }
        byConnection.values().forEach(LegacyFlows::merge);
        recoverPorts();
    }

    private record Candidate(Facts flow, DroppedSyn drop, long distance) {
    }

    /**
     * The port each failed connect drew, from the drop records of its SYNs: of every flow
     * and drop that could be each other's, the closest in time pair first, each used once.
     */
    private void recoverPorts() {
        List<Candidate> candidates = new ArrayList<>();
        for (Facts facts : flows.values()) {
            List<DroppedSyn> drops = facts.src.port() == 0 && !facts.reversed
                    ? droppedSyns.get(new Hosts(facts.src.ip(), facts.dst)) : null;
            if (drops == null) {
                continue;
            }
            for (DroppedSyn d : drops) {
                if (d.last >= facts.first - DROP_SLACK_NS && d.first <= facts.last + DROP_SLACK_NS) {
                    candidates.add(new Candidate(facts, d, Math.abs(d.first - facts.first)));
                }
            }
        }
        candidates.sort(java.util.Comparator.comparingLong(Candidate::distance));
        for (Candidate c : candidates) {
            if (!c.drop().taken && c.flow().recoveredPort == 0) {
                c.drop().taken = true;
                c.flow().recoveredPort = c.drop().clientPort;
            }
        }
    }

    /** Which socket reported the flow, and which way round it goes. */
    private void orient(Facts facts) {
        switch (facts.direction) {
            case FLOW_DIRECTION_OUTBOUND -> {
                facts.role = FlowRole.FLOW_ROLE_CLIENT;
                facts.source = FlowRoleSource.FLOW_ROLE_SOURCE_SOCKET;
            }
            case FLOW_DIRECTION_INBOUND -> {
                facts.role = FlowRole.FLOW_ROLE_SERVER;
                facts.source = FlowRoleSource.FLOW_ROLE_SOURCE_SOCKET;
            }
            default -> {
                // From its local side: the source is this node's socket.
                if (servers.contains(facts.src) && !servers.contains(facts.dst)) {
                    facts.reversed = true;
                    facts.role = FlowRole.FLOW_ROLE_SERVER;
                    facts.source = FlowRoleSource.FLOW_ROLE_SOURCE_CAPTURED_LISTENERS;
                } else if (servers.contains(facts.dst)) {
                    facts.role = FlowRole.FLOW_ROLE_CLIENT;
                    facts.source = FlowRoleSource.FLOW_ROLE_SOURCE_CAPTURED_LISTENERS;
                }
            }
        }
    }

    /** A client's flow and a server's flow of one connection, at overlapping times, become one. */
    private static void merge(List<Facts> sameConnection) {
        for (Facts client : sameConnection) {
            if (client.role != FlowRole.FLOW_ROLE_CLIENT) {
                continue;
            }
            for (Facts server : sameConnection) {
                if (server.role == FlowRole.FLOW_ROLE_SERVER && !server.mergedAway
                        && server.first <= client.last && client.first <= server.last) {
                    server.mergedAway = true;
                    client.server = server;
                    client.role = FlowRole.FLOW_ROLE_BOTH;
                    break;
                }
            }
        }
    }

    /** A flow told from its local side, turned to go from the other end. */
    private static void turnAround(FlowUpdate.Builder f) {
        FlowUpdate was = f.build();
        FiveTuple t = was.getTuple();
        f.setTuple(t.toBuilder().setSrcAddr(t.getDstAddr()).setSrcPort(t.getDstPort())
                        .setDstAddr(t.getSrcAddr()).setDstPort(t.getSrcPort()))
                .setDirection(FlowDirection.FLOW_DIRECTION_INBOUND)
                .setBytesSent(was.getBytesReceived()).setBytesReceived(was.getBytesSent())
                .setSegmentsSent(was.getSegmentsReceived()).setSegmentsReceived(was.getSegmentsSent())
                .setResetsSent(was.getResetsReceived()).setResetsReceived(was.getResetsSent());
    }
}
