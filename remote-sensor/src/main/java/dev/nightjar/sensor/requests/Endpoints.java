package dev.nightjar.sensor.requests;

import com.google.protobuf.ByteString;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowRole;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.sensor.requests.SocketChunk.ChunkDirection;

/**
 * A connection's two ends oriented from the client, with the local task: what every event of
 * the connection carries. For an unconnected UDP socket the peer is the latest datagram's.
 *
 * @param localIsClient the local socket sent the requests
 */
public record Endpoints(
        ByteString clientAddr,
        int clientPort,
        ByteString serverAddr,
        int serverPort,
        int l4Protocol,
        boolean localIsClient,
        int pid,
        int tid,
        String comm,
        long cgroupId,
        long netnsInode,
        boolean tls) {

    /** The ends of {@code chunk}'s connection, given which direction carries requests. */
    static Endpoints of(SocketChunk chunk, ChunkDirection requestDirection) {
        boolean localIsClient = requestDirection == ChunkDirection.SENT;
        ByteString local = ByteString.copyFrom(chunk.localAddr());
        ByteString remote = ByteString.copyFrom(chunk.remoteAddr());
        return localIsClient
                ? new Endpoints(local, chunk.localPort(), remote, chunk.remotePort(), chunk.l4Protocol(), true,
                        chunk.pid(), chunk.tid(), chunk.comm(), chunk.cgroupId(), chunk.netnsInode(), chunk.tls())
                : new Endpoints(remote, chunk.remotePort(), local, chunk.localPort(), chunk.l4Protocol(), false,
                        chunk.pid(), chunk.tid(), chunk.comm(), chunk.cgroupId(), chunk.netnsInode(), chunk.tls());
    }

    FiveTuple tuple() {
        return FiveTuple.newBuilder().setSrcAddr(clientAddr).setSrcPort(clientPort).setDstAddr(serverAddr)
                .setDstPort(serverPort)
                .setProtocol(l4Protocol == 17 ? L4Protocol.L4_PROTOCOL_UDP : L4Protocol.L4_PROTOCOL_TCP).build();
    }

    FlowRole role() {
        return localIsClient ? FlowRole.FLOW_ROLE_CLIENT : FlowRole.FLOW_ROLE_SERVER;
    }
}
