package dev.nightjar.sensor.requests;

import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.Request;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.sensor.collect.EventSink;
import dev.nightjar.sensor.requests.SocketChunk.ChunkDirection;
import dev.nightjar.sensor.requests.parse.ConnectionParser;
import dev.nightjar.sensor.requests.parse.Exchange;
import dev.nightjar.sensor.requests.parse.ParseCounters;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns socket payload into requests: one parser per connection, chosen from its first bytes;
 * every exchange counted in RequestStats (flushed each second from {@link #tick}); errors, slow
 * exchanges, exchanges without a response and a sampled share sent whole as Request events, masked unless the settings ask
 * for literals. At most {@code maxConnections} connections are tracked (least recently used
 * evicted and counted); idle ones are forgotten.
 */
public final class RequestAssembler implements SocketChunkSink {

    public static final int DEFAULT_MAX_CONNECTIONS = 16_384;
    public static final int DEFAULT_MAX_STATS_ROWS = 4_096;
    public static final long INTERVAL_NS = 1_000_000_000L;
    /** A request unanswered this long ends without a response. */
    public static final long EXCHANGE_TIMEOUT_NS = 30_000_000_000L;
    /** A connection without traffic this long is forgotten (its close may never be seen). */
    public static final long IDLE_CONNECTION_NS = 300_000_000_000L;
    /** Calls on a connection whose protocol is not recognised before it is given up on. */
    static final int SNIFF_ATTEMPTS = 8;
    /**
     * A connection's first bytes may arrive in several small calls (a preface split, a request
     * written a few bytes at a time): up to this many bytes of one direction are joined before
     * the protocol is inferred from them.
     */
    static final int SNIFF_BYTES = 64;

    private final EventSink sink;
    private final ParseCounters counters;
    private final RequestStatsTable stats;
    private final Map<Long, Connection> connections;
    private final ServerViews serverViews;
    private volatile RequestSettings settings = RequestSettings.DEFAULTS;
    private long intervalStartNs;
    private long lastExpiryNs;

    /** One tracked connection: its parser once the protocol is known. */
    private static final class Connection {
        Endpoints ends;
        ChunkDirection requestDirection;
        ConnectionParser parser;
        /** The first bytes of one direction, joined while too short to recognise. */
        SniffPrefix prefix;
        int sniffAttempts;
        boolean ignored;
        long lastSeenNs;
    }

    public RequestAssembler(EventSink sink) {
        this(sink, new ParseCounters(), DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_STATS_ROWS);
    }

    public RequestAssembler(EventSink sink, ParseCounters counters, int maxConnections, int maxStatsRows) {
        this.sink = sink;
        this.counters = counters;
        this.stats = new RequestStatsTable(maxStatsRows, counters);
        this.serverViews = new ServerViews(maxConnections);
        this.connections = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Connection> eldest) {
                if (size() > maxConnections) {
                    counters.evictedConnection();
                    serverViews.closed(eldest.getValue().ends, eldest.getValue().lastSeenNs);
                    return true;
                }
                return false;
            }
        };
    }

    public ParseCounters counters() {
        return counters;
    }

    /** Connections tracked now. */
    public int connections() {
        return connections.size();
    }

    @Override
    public void configure(Filter requests) {
        settings = RequestSettings.of(requests);
    }

    @Override
    public void chunk(SocketChunk chunk) {
        Connection c = connections.get(chunk.connectionId());
        if (c == null) {
            c = new Connection();
            connections.put(chunk.connectionId(), c);
        }
        c.lastSeenNs = chunk.timestampNs();
        if (intervalStartNs == 0) {
            intervalStartNs = chunk.timestampNs();
        }
        if (c.ignored) {
            counters.unparsedBytes(chunk.callBytes());
            return;
        }
        if (c.parser == null) {
            start(c, chunk); // the parser, once chosen, has read this chunk
            return;
        }
        if (chunk.l4Protocol() == 17) {
            c.ends = Endpoints.of(chunk, c.requestDirection); // an unconnected socket: this datagram's peer
        }
        Connection connection = c;
        c.parser.data(chunk.direction() == c.requestDirection, chunk.data(), chunk.callBytes(), chunk.timestampNs(),
                exchange -> emit(connection.ends, exchange));
    }

    /** Chooses the connection's parser from this call's bytes; false while none fits. */
    private boolean start(Connection c, SocketChunk chunk) {
        SocketChunk joined = c.prefix == null ? chunk : c.prefix.join(chunk, counters);
        ProtocolSniffer.Sniffed sniffed = ProtocolSniffer.sniff(joined.data(), joined.l4Protocol(), joined.bytesNotCopied() > 0);
        if (sniffed == null) {
            if (joined.l4Protocol() != 17 && joined.data().length < SNIFF_BYTES && joined.bytesNotCopied() == 0) {
                c.prefix = new SniffPrefix(joined); // maybe the start of something: wait for more
                return false;
            }
            c.prefix = null;
            counters.unparsedBytes(joined.callBytes());
            if (++c.sniffAttempts >= SNIFF_ATTEMPTS) {
                c.ignored = true;
                counters.unparsedConnection();
            }
            return false;
        }
        c.prefix = null;
        boolean roleKnown = joined.role() != SocketChunk.SocketRole.UNKNOWN;
        if (roleKnown) {
            c.requestDirection = joined.role() == SocketChunk.SocketRole.CLIENT ? ChunkDirection.SENT : ChunkDirection.RECEIVED;
        } else {
            c.requestDirection = sniffed.fromClient() == (joined.direction() == ChunkDirection.SENT)
                    ? ChunkDirection.SENT : ChunkDirection.RECEIVED;
        }
        c.ends = Endpoints.of(joined, c.requestDirection);
        serverViews.opened(c.ends);
        boolean fromStart = sniffed.fromStart() && c.sniffAttempts == 0;
        c.parser = ProtocolSniffer.parserFor(new ProtocolSniffer.Sniffed(sniffed.protocol(), sniffed.fromClient(), fromStart),
                joined.l4Protocol() != 17, counters);
        Connection connection = c;
        c.parser.data(joined.direction() == c.requestDirection, joined.data(), joined.callBytes(), joined.timestampNs(),
                exchange -> emit(connection.ends, exchange));
        return true;
    }

    private void emit(Endpoints ends, Exchange exchange) {
        RequestSettings now = settings;
        if (!now.wants(exchange.protocol())) {
            return;
        }
        if (serverViews.hasServerViewOf(ends, exchange.startNs())) {
            return; // both ends are on this node: the server's socket reports this exchange
        }
        // no answer at all is the slowest an exchange can be: sent whole like a slow one
        boolean whole = exchange.error() || exchange.noResponse() || exchange.latencyNs() >= now.slowThresholdNs()
                || RequestSampling.sampled(exchange.startNs(), ends.clientPort(), now.sampleRate());
        stats.add(ends, exchange, ExchangeLabels.of(exchange), whole);
        if (whole) {
            Request request = RequestEvents.request(ends, exchange, now.unmaskLiterals());
            long at = exchange.noResponse() ? exchange.startNs() : exchange.endNs();
            sink.publish(SensorEvent.newBuilder().setTimestampNs(at).setRequest(request).build());
        }
    }

    @Override
    public void closed(long connectionId, long timestampNs) {
        Connection c = connections.remove(connectionId);
        if (c != null && c.parser != null) {
            c.parser.closed(timestampNs, exchange -> emit(c.ends, exchange));
        }
        if (c != null) {
            serverViews.closed(c.ends, timestampNs);
        }
    }

    @Override
    public void tick(long nowNs) {
        if (intervalStartNs == 0) {
            intervalStartNs = nowNs;
        }
        if (nowNs - lastExpiryNs >= INTERVAL_NS) {
            lastExpiryNs = nowNs;
            expire(nowNs);
        }
        if (nowNs - intervalStartNs >= INTERVAL_NS) {
            for (var row : stats.drain(intervalStartNs, nowNs)) {
                sink.publish(SensorEvent.newBuilder().setTimestampNs(nowNs).setRequestStats(row).build());
            }
            intervalStartNs = nowNs;
        }
    }

    private void expire(long nowNs) {
        serverViews.expire(nowNs);
        Iterator<Connection> it = connections.values().iterator();
        while (it.hasNext()) {
            Connection c = it.next();
            if (nowNs - c.lastSeenNs >= IDLE_CONNECTION_NS) {
                it.remove();
                if (c.parser != null) {
                    c.parser.closed(nowNs, exchange -> emit(c.ends, exchange));
                }
                serverViews.closed(c.ends, nowNs);
            } else if (c.parser != null) {
                c.parser.expire(nowNs, EXCHANGE_TIMEOUT_NS, exchange -> emit(c.ends, exchange));
            }
        }
    }
}
