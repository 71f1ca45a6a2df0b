package dev.nightjar.sensor.requests;

import dev.nightjar.sensor.requests.parse.ParseCounters;
/**
 * The first bytes of a connection's direction while they are too few to recognise its protocol:
 * at most {@link RequestAssembler#SNIFF_BYTES}, from calls in the same direction.
 */
final class SniffPrefix {

    private final SocketChunk first;

    SniffPrefix(SocketChunk joined) {
        this.first = joined;
    }

    /**
     * This prefix followed by {@code next} as one call stamped with the first call's time, or
     * {@code next} alone when it went the other way (the prefix is then counted as unparsed).
     */
    SocketChunk join(SocketChunk next, ParseCounters counters) {
        if (next.direction() != first.direction()) {
            counters.unparsedBytes(first.callBytes());
            return next;
        }
        byte[] data = new byte[first.data().length + next.data().length];
        System.arraycopy(first.data(), 0, data, 0, first.data().length);
        System.arraycopy(next.data(), 0, data, first.data().length, next.data().length);
        return new SocketChunk(next.connectionId(), first.timestampNs(), next.pid(), next.tid(), next.comm(),
                next.cgroupId(), next.netnsInode(), next.fd(), next.localAddr(), next.localPort(), next.remoteAddr(),
                next.remotePort(), next.l4Protocol(), next.role(), next.direction(), next.tls(),
                first.callBytes() + next.callBytes(), data);
    }
}
