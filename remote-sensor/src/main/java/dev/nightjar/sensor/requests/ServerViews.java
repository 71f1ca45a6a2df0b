package dev.nightjar.sensor.requests;

import com.google.protobuf.ByteString;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The TCP connections whose server socket the parsers read on this node, by their four-tuple.
 * When the client is on the node too, each exchange is read twice, once from each socket; the
 * server's view is the one kept, so it is counted once (a client's view of a connection whose
 * server is elsewhere, or behind an address translation, has no match here and is kept).
 *
 * <p>A closed server connection stays known for {@link #LINGER_NS}: the client reads the
 * response, and so ends its exchange, after the server has written it and possibly closed.
 * Bounded: the oldest entries go first.
 */
final class ServerViews {

    static final long LINGER_NS = 5_000_000_000L;

    /** Hashed and compared by hand, as RequestStatsTable's key is, for the same reason. */
    private record Key(ByteString clientAddr, int clientPort, ByteString serverAddr, int serverPort) {
        static Key of(Endpoints ends) {
            return new Key(ends.clientAddr(), ends.clientPort(), ends.serverAddr(), ends.serverPort());
        }

        @Override
        public int hashCode() {
            return 31 * (31 * (31 * clientAddr.hashCode() + clientPort) + serverAddr.hashCode()) + serverPort;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && clientPort == k.clientPort && serverPort == k.serverPort
                    && clientAddr.equals(k.clientAddr) && serverAddr.equals(k.serverAddr);
        }
    }

    /** Until when each server view counts: Long.MAX_VALUE while its connection is open. */
    private final Map<Key, Long> until;

    ServerViews(int max) {
        this.until = new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Long> eldest) {
                return size() > max;
            }
        };
    }

    /** A connection whose server socket is read here is open. */
    void opened(Endpoints ends) {
        if (isServerTcp(ends)) {
            until.put(Key.of(ends), Long.MAX_VALUE);
        }
    }

    /** That connection closed (or was forgotten) at {@code nowNs}. */
    void closed(Endpoints ends, long nowNs) {
        if (isServerTcp(ends)) {
            until.computeIfPresent(Key.of(ends), (k, v) -> nowNs + LINGER_NS);
        }
    }

    /** Whether {@code ends} is a client's view of a connection whose server's view is read here. */
    boolean hasServerViewOf(Endpoints ends, long nowNs) {
        if (!ends.localIsClient() || ends.l4Protocol() != 6) {
            return false;
        }
        Long end = until.get(Key.of(ends));
        return end != null && end >= nowNs;
    }

    /** Forgets the server views that stopped counting before {@code nowNs}. */
    void expire(long nowNs) {
        until.values().removeIf(end -> end < nowNs);
    }

    int size() {
        return until.size();
    }

    private static boolean isServerTcp(Endpoints ends) {
        return ends != null && !ends.localIsClient() && ends.l4Protocol() == 6;
    }
}
