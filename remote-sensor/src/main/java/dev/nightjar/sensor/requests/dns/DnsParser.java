package dev.nightjar.sensor.requests.dns;

import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.DnsRequest;
import dev.nightjar.sensor.requests.parse.ByteWindow;
import dev.nightjar.sensor.requests.parse.ConnectionParser;
import dev.nightjar.sensor.requests.parse.Exchange;
import dev.nightjar.sensor.requests.parse.ExchangeSink;
import dev.nightjar.sensor.requests.parse.ParseCounters;
import dev.nightjar.sensor.requests.parse.PendingExpiry;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DNS over UDP (one message per datagram) or TCP (messages behind a two-byte length): queries
 * matched to responses by id and question name. At most {@link #MAX_PENDING} queries wait
 * per socket, and only the first {@link #MAX_READ_BYTES} of a TCP message are kept (the
 * header and question are at its front; the rest is skipped by its length).
 */
public final class DnsParser implements ConnectionParser {

    static final int MAX_PENDING = 256;
    static final int MAX_READ_BYTES = 512;

    private final ParseCounters counters;
    private final boolean overTcp;
    private final Map<Integer, Query> pending = new LinkedHashMap<>();
    private final TcpSide clientSide = new TcpSide();
    private final TcpSide serverSide = new TcpSide();

    private record Query(DnsMessage message, long startNs, long bytes) {
    }

    public DnsParser(ParseCounters counters, boolean overTcp) {
        this.counters = counters;
        this.overTcp = overTcp;
    }

    /** True for a query, false for a response, null when the datagram is not DNS. */
    public static Boolean looksLikeDatagram(byte[] data, int from, int to) {
        DnsMessage m = DnsMessage.parse(data, from, to);
        return m == null ? null : !m.response();
    }

    /** Like {@link #looksLikeDatagram} for a call on a TCP socket: one whole length-prefixed message. */
    public static Boolean looksLikeTcp(byte[] data) {
        if (data.length < 2 + DnsMessage.HEADER_BYTES + 5) {
            return null;
        }
        int length = ((data[0] & 0xff) << 8) | (data[1] & 0xff);
        return length == data.length - 2 ? looksLikeDatagram(data, 2, data.length) : null;
    }

    /** Reassembles length-prefixed messages of one direction, keeping only their front. */
    private final class TcpSide {
        final ByteWindow front = new ByteWindow(MAX_READ_BYTES + 2);
        int messageLength = -1;
        long skip;
        long startNs;

        void read(boolean fromClient, byte[] data, long callBytes, long ts, ExchangeSink out) {
            int i = 0;
            while (i < data.length) {
                if (skip > 0) {
                    int take = (int) Math.min(skip, data.length - i);
                    skip -= take;
                    i += take;
                    continue;
                }
                if (front.size() == 0) {
                    startNs = ts;
                }
                int want = messageLength < 0 ? 2 - front.size() : Math.min(messageLength, MAX_READ_BYTES) + 2 - front.size();
                int take = Math.min(want, data.length - i);
                front.append(data, i, take);
                i += take;
                if (messageLength < 0 && front.size() == 2) {
                    messageLength = (front.get(0) << 8) | front.get(1);
                }
                if (messageLength >= 0 && front.size() == Math.min(messageLength, MAX_READ_BYTES) + 2) {
                    message(fromClient, front.array(), front.offset() + 2, front.offset() + front.size(),
                            messageLength + 2L, startNs, ts, out);
                    skip = messageLength - Math.min(messageLength, MAX_READ_BYTES);
                    front.clear();
                    messageLength = -1;
                }
            }
            long missing = callBytes - data.length;
            if (missing > 0) {
                if (skip >= missing) {
                    skip -= missing;
                } else {
                    counters.unparsedBytes(missing); // the next length prefix is lost: give up on what is buffered
                    front.clear();
                    messageLength = -1;
                    skip = 0;
                }
            }
        }
    }

    @Override
    public void data(boolean fromClient, byte[] data, long callBytes, long timestampNs, ExchangeSink out) {
        if (overTcp) {
            (fromClient ? clientSide : serverSide).read(fromClient, data, callBytes, timestampNs, out);
        } else {
            message(fromClient, data, 0, data.length, callBytes, timestampNs, timestampNs, out);
        }
    }

    private void message(boolean fromClient, byte[] data, int from, int to, long bytes, long startNs, long endNs,
                         ExchangeSink out) {
        DnsMessage m = DnsMessage.parse(data, from, to);
        if (m == null || m.response() == fromClient) {
            counters.unparsedBytes(bytes);
            return;
        }
        if (!m.response()) {
            if (pending.size() >= MAX_PENDING) {
                Iterator<Query> oldest = pending.values().iterator();
                Query dropped = oldest.next();
                oldest.remove();
                out.exchange(exchange(dropped, null, 0, 0));
            }
            pending.put(m.id(), new Query(m, startNs, bytes));
            return;
        }
        Query query = pending.get(m.id());
        if (query == null || !query.message().name().equalsIgnoreCase(m.name())) {
            counters.unmatchedResponse();
            return;
        }
        pending.remove(m.id());
        out.exchange(exchange(query, m, endNs, bytes));
    }

    private Exchange exchange(Query q, DnsMessage response, long endNs, long responseBytes) {
        DnsRequest.Builder dns = DnsRequest.newBuilder().setId(q.message().id()).setQueryName(q.message().name())
                .setQueryType(q.message().type()).setQueryTypeName(DnsNames.type(q.message().type()))
                .setOverTcp(overTcp);
        if (response != null) {
            dns.setRcode(response.rcode()).setRcodeName(DnsNames.rcode(response.rcode())).setAnswers(response.answers());
        }
        return new Exchange(AppProtocol.APP_PROTOCOL_DNS, q.startNs(), endNs, q.bytes(), responseBytes,
                response != null && response.rcode() != 0, response == null, "", dns.build());
    }

    @Override
    public void expire(long nowNs, long timeoutNs, ExchangeSink out) {
        PendingExpiry.expire(pending.values().iterator(), Query::startNs, nowNs, timeoutNs,
                q -> out.exchange(exchange(q, null, 0, 0)));
    }
}
