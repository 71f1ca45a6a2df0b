package dev.nightjar.sensor.requests;

/**
 * The payload of one read or write on a socket, as the kernel copied it: at most the
 * subscription's byte limit from the front of the call's data. The capture (kernel programs
 * and their collector) produces these; the parsers turn them into requests.
 *
 * @param connectionId a number for the socket, stable for its life on this node and never
 *                     reused while the sensor runs (the kernel's socket cookie)
 * @param timestampNs  wall clock of the call's return, in nanoseconds since the epoch
 * @param localAddr    4 or 16 bytes, network order; empty when unknown
 * @param remoteAddr   the peer of this call: for an unconnected UDP socket, this datagram's peer
 * @param l4Protocol   6 (TCP) or 17 (UDP)
 * @param role         whether the local socket connected (client) or was accepted (server)
 * @param direction    whether the local process sent or received these bytes
 * @param tls          the bytes are plaintext read from a TLS library, not the socket itself
 * @param callBytes    how many bytes the call moved; at least {@code data.length}, more when
 *                     the copy was cut at the limit
 * @param data         the copied prefix; never null, never modified after construction
 */
public record SocketChunk(
        long connectionId,
        long timestampNs,
        int pid,
        int tid,
        String comm,
        long cgroupId,
        long netnsInode,
        int fd,
        byte[] localAddr,
        int localPort,
        byte[] remoteAddr,
        int remotePort,
        int l4Protocol,
        SocketRole role,
        ChunkDirection direction,
        boolean tls,
        long callBytes,
        byte[] data) {

    /** Which end of the connection the local socket is. */
    public enum SocketRole { CLIENT, SERVER, UNKNOWN }

    /** Which way the bytes went, seen from the local process. */
    public enum ChunkDirection { SENT, RECEIVED }

    /** Bytes the call moved that were not copied (the limit cut them). */
    public long bytesNotCopied() {
        return callBytes - data.length;
    }
}
