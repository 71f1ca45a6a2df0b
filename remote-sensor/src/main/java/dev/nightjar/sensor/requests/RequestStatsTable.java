package dev.nightjar.sensor.requests;

import com.google.protobuf.ByteString;
import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.RequestStats;
import dev.nightjar.sensor.requests.parse.Exchange;
import dev.nightjar.sensor.requests.parse.ParseCounters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every exchange of one interval counted per (client, server, protocol, method, route, status
 * class), with a log2 latency histogram. At most {@code maxRows} rows per interval: an exchange
 * that would open another row is counted in its protocol's overflow row (route
 * {@value #OVERFLOW_ROUTE}) and in {@link ParseCounters#statsOverflow()}.
 */
public final class RequestStatsTable {

    public static final String OVERFLOW_ROUTE = "{overflow}";
    private static final int BUCKETS = 64;

    /**
     * A row's key. Hashed and compared by hand: a record's generated hashCode and equals run
     * through chains of method handles that the sensor's C1-only JIT does not inline, which
     * made the lookup a fifth of the requests thread's time. The cheap fields are compared first.
     */
    private record Key(AppProtocol protocol, ByteString clientAddr, long clientCgroup, int clientPid,
                       ByteString serverAddr, int serverPort, long serverCgroup, int serverPid,
                       String method, String route, String statusClass, boolean tls) {

        @Override
        public int hashCode() {
            int h = protocol.hashCode();
            h = 31 * h + clientAddr.hashCode(); // ByteString keeps its hash
            h = 31 * h + Long.hashCode(clientCgroup);
            h = 31 * h + clientPid;
            h = 31 * h + serverAddr.hashCode();
            h = 31 * h + serverPort;
            h = 31 * h + Long.hashCode(serverCgroup);
            h = 31 * h + serverPid;
            h = 31 * h + method.hashCode();
            h = 31 * h + route.hashCode();
            h = 31 * h + statusClass.hashCode();
            return 31 * h + (tls ? 1 : 0);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && protocol == k.protocol && serverPort == k.serverPort && clientPid == k.clientPid
                    && serverPid == k.serverPid && clientCgroup == k.clientCgroup && serverCgroup == k.serverCgroup
                    && tls == k.tls && statusClass.equals(k.statusClass) && method.equals(k.method)
                    && route.equals(k.route) && clientAddr.equals(k.clientAddr) && serverAddr.equals(k.serverAddr);
        }
    }

    private static final class Row {
        long count;
        long errors;
        long totalLatency;
        long requestBytes;
        long responseBytes;
        long sentWhole;
        final long[] buckets = new long[BUCKETS];
    }

    private final int maxRows;
    private final ParseCounters counters;
    private Map<Key, Row> rows = new HashMap<>();

    public RequestStatsTable(int maxRows, ParseCounters counters) {
        this.maxRows = maxRows;
        this.counters = counters;
    }

    /** Bucket i holds latencies in [2^i, 2^(i+1)); bucket 0 also holds 0. */
    public static int bucket(long latencyNs) {
        return latencyNs <= 1 ? 0 : 63 - Long.numberOfLeadingZeros(latencyNs);
    }

    public void add(Endpoints ends, Exchange exchange, ExchangeLabels labels, boolean sentWhole) {
        Key key = key(ends, exchange.protocol(), labels);
        Row row = rows.get(key);
        if (row == null) {
            if (rows.size() >= maxRows) {
                counters.statsOverflow();
                key = new Key(exchange.protocol(), ByteString.EMPTY, 0, 0, ByteString.EMPTY, 0, 0, 0, "",
                        OVERFLOW_ROUTE, "", false);
                row = rows.get(key);
            }
            if (row == null) {
                row = new Row();
                rows.put(key, row); // the overflow rows (one per protocol) may pass maxRows by a few
            }
        }
        long latency = exchange.latencyNs();
        row.count++;
        row.errors += exchange.error() ? 1 : 0;
        row.totalLatency += latency;
        row.requestBytes += exchange.requestBytes();
        row.responseBytes += exchange.responseBytes();
        row.sentWhole += sentWhole ? 1 : 0;
        row.buckets[bucket(latency)]++;
    }

    private static Key key(Endpoints e, AppProtocol protocol, ExchangeLabels labels) {
        return e.localIsClient()
                ? new Key(protocol, e.clientAddr(), e.cgroupId(), e.pid(), e.serverAddr(), e.serverPort(), 0, 0,
                        labels.method(), labels.route(), labels.statusClass(), e.tls())
                : new Key(protocol, e.clientAddr(), 0, 0, e.serverAddr(), e.serverPort(), e.cgroupId(), e.pid(),
                        labels.method(), labels.route(), labels.statusClass(), e.tls());
    }

    public int size() {
        return rows.size();
    }

    /** The interval's rows, and a fresh table for the next interval. */
    public List<RequestStats> drain(long intervalStartNs, long intervalEndNs) {
        List<RequestStats> out = new ArrayList<>(rows.size());
        rows.forEach((k, r) -> {
            RequestStats.Builder s = RequestStats.newBuilder()
                    .setProtocol(k.protocol()).setClientAddr(k.clientAddr()).setClientCgroupId(k.clientCgroup())
                    .setClientPid(k.clientPid()).setServerAddr(k.serverAddr()).setServerPort(k.serverPort())
                    .setServerCgroupId(k.serverCgroup()).setServerPid(k.serverPid()).setMethod(k.method())
                    .setRoute(k.route()).setStatusClass(k.statusClass()).setCount(r.count).setErrors(r.errors)
                    .setTotalLatencyNs(r.totalLatency).setRequestBytes(r.requestBytes)
                    .setResponseBytes(r.responseBytes).setIntervalStartNs(intervalStartNs)
                    .setIntervalEndNs(intervalEndNs).setSentWhole(r.sentWhole).setTls(k.tls());
            int last = BUCKETS - 1;
            while (last > 0 && r.buckets[last] == 0) {
                last--;
            }
            for (int i = 0; i <= last; i++) {
                s.addLog2Buckets(r.buckets[i]);
            }
            out.add(s.build());
        });
        rows = new HashMap<>();
        return out;
    }
}
