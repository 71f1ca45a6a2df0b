package dev.nightjar.sensor.requests.http1;

import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.HttpRequest;
import dev.nightjar.sensor.requests.parse.ByteWindow;
import dev.nightjar.sensor.requests.parse.ConnectionParser;
import dev.nightjar.sensor.requests.parse.Exchange;
import dev.nightjar.sensor.requests.parse.ExchangeSink;
import dev.nightjar.sensor.requests.parse.ParseCounters;
import dev.nightjar.sensor.requests.parse.PendingExpiry;
import dev.nightjar.sensor.requests.privacy.HttpPaths;
import java.util.ArrayDeque;

/**
 * HTTP/1.x on one connection: request heads matched in order to response heads (keep-alive and
 * pipelining), bodies skipped by their framing. Each direction holds at most
 * {@link #MAX_HEAD_BYTES} of an unfinished head and {@link #MAX_PENDING} requests wait for
 * answers. Bytes that are not HTTP/1 (a connection joined mid-body, a head cut by the capture,
 * garbage) are counted as unparsed until a call's data starts a message again.
 */
public final class Http1Parser implements ConnectionParser {

    public static final int MAX_HEAD_BYTES = 16 * 1024;
    static final int MAX_PENDING = 64;

    private final ParseCounters counters;
    private final Side requests;
    private final Side responses;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private Pending answering;
    private Http1Head answer;
    /** After a 101 or a CONNECT tunnel the bytes are another protocol: nothing more is parsed. */
    private boolean upgraded;

    public Http1Parser(ParseCounters counters) {
        this.counters = counters;
        this.requests = new Side(true);
        this.responses = new Side(false);
    }

    /** A request whose head was read, waiting for its response. */
    private static final class Pending {
        final Http1Head head;
        final long startNs;
        final String incomplete;
        long bytes;

        Pending(Http1Head head, long startNs, String incomplete) {
            this.head = head;
            this.startNs = startNs;
            this.incomplete = incomplete;
            this.bytes = head.headBytes();
        }
    }

    private enum State { HEAD, BODY, RESYNC }

    /** One direction's reading position. */
    private final class Side {
        final boolean fromClient;
        final ByteWindow head = new ByteWindow(MAX_HEAD_BYTES);
        final BodySkipper body = new BodySkipper();
        State state = State.HEAD;
        int terminatorMatched;
        long headStartNs;
        /** Set when this side lost its sync; the next message it reads says so. */
        String lostSync = "";

        Side(boolean fromClient) {
            this.fromClient = fromClient;
        }

        void read(byte[] data, long callBytes, long ts, ExchangeSink out) {
            int i = 0;
            if (state == State.RESYNC && startsMessage(data)) {
                state = State.HEAD;
            }
            while (i < data.length) {
                switch (state) {
                    case RESYNC -> {
                        counters.unparsedBytes(data.length - i);
                        i = data.length;
                    }
                    case HEAD -> i = readHead(data, i, ts, out);
                    case BODY -> {
                        int end = body.skip(data, i, data.length);
                        addBytes(end - i);
                        i = end;
                        bodyProgress(ts, out);
                    }
                }
            }
            long missing = callBytes - data.length;
            if (missing > 0) {
                if (state == State.BODY && body.skipMissing(missing)) {
                    addBytes(missing);
                    bodyProgress(ts, out);
                } else {
                    lose("the capture cut a message head", missing);
                }
            }
        }

        private boolean startsMessage(byte[] data) {
            return fromClient ? Http1Sniff.startsRequest(data, 0, data.length)
                    : Http1Sniff.startsResponse(data, 0, data.length);
        }

        private int readHead(byte[] data, int from, long ts, ExchangeSink out) {
            if (head.size() == 0 && terminatorMatched == 0) {
                headStartNs = ts;
                if (!(fromClient ? Http1Sniff.startsRequest(data, from, data.length) || data.length - from < 8
                        : Http1Sniff.startsResponse(data, from, data.length) || data.length - from < 7)) {
                    lose("bytes that do not start an HTTP/1 message", data.length - from);
                    return data.length;
                }
            }
            int end = from;
            int matched = terminatorMatched; // of "\r\n\r\n", which ends the head
            while (end < data.length) {
                byte b = data[end++];
                if (b == '\r') {
                    matched = matched == 2 ? 3 : 1;
                } else if (b == '\n' && (matched == 1 || matched == 3)) {
                    if (++matched == 4) {
                        break;
                    }
                } else {
                    matched = 0;
                }
            }
            terminatorMatched = matched;
            if (!head.append(data, from, end - from)) {
                lose("a message head larger than " + MAX_HEAD_BYTES + " bytes", head.size() + (long) (end - from));
                return data.length;
            }
            if (terminatorMatched == 4) {
                terminatorMatched = 0;
                Http1Head parsed = Http1Head.parse(head.array(), head.offset(), head.size());
                int size = head.size();
                head.clear();
                if (parsed == null || parsed.isResponse() == fromClient) {
                    lose("a message head that is not HTTP/1", size);
                    return data.length;
                }
                if (fromClient) {
                    requestHead(parsed);
                } else {
                    responseHead(parsed, ts, out);
                }
            }
            return end;
        }

        private void bodyProgress(long ts, ExchangeSink out) {
            if (body.broken()) {
                lose("chunked framing that could not be followed", 0);
            } else if (body.done()) {
                state = State.HEAD;
                if (!fromClient) {
                    responseDone(ts, out);
                }
            }
        }

        private void addBytes(long count) {
            if (fromClient) {
                Pending last = pending.peekLast();
                if (last != null) {
                    last.bytes += count;
                }
            } else {
                responseBytes += count;
            }
        }

        void lose(String why, long bytes) {
            counters.unparsedBytes(bytes);
            head.clear();
            terminatorMatched = 0;
            state = State.RESYNC;
            lostSync = why;
            if (!fromClient) {
                answer = null;
                answering = null;
            }
        }

        private void requestHead(Http1Head parsed) {
            if (pending.size() == MAX_PENDING) {
                pending.pollFirst(); // a peer that never answers: the oldest is forgotten, not kept
                counters.unmatchedResponse();
            }
            Pending p = new Pending(parsed, headStartNs, lostSync);
            lostSync = "";
            pending.addLast(p);
            if (parsed.method().equals("CONNECT")) {
                body.none();
            } else if (parsed.chunked()) {
                body.chunked();
            } else {
                body.length(Math.max(0, parsed.contentLength()));
            }
            state = body.done() ? State.HEAD : State.BODY;
        }

        private void responseHead(Http1Head parsed, long ts, ExchangeSink out) {
            int status = parsed.status();
            if (status >= 100 && status < 200 && status != 101) {
                return; // an interim response (100 Continue): the final one follows
            }
            answering = pending.pollFirst();
            if (answering == null) {
                counters.unmatchedResponse();
            }
            answer = parsed;
            responseBytes = parsed.headBytes();
            boolean noBody = status == 204 || status == 304 || status == 101
                    || (answering != null && (answering.head.method().equals("HEAD")
                    || (answering.head.method().equals("CONNECT") && status / 100 == 2)));
            if (noBody) {
                body.none();
            } else if (parsed.chunked()) {
                body.chunked();
            } else if (parsed.contentLength() >= 0) {
                body.length(parsed.contentLength());
            } else {
                body.untilClose();
            }
            state = State.BODY;
            bodyProgress(ts, out);
        }
    }

    private long responseBytes;

    private void responseDone(long ts, ExchangeSink out) {
        Http1Head head = answer;
        Pending request = answering;
        answer = null;
        answering = null;
        if (head != null && (head.status() == 101 || (request != null && request.head.method().equals("CONNECT")
                && head.status() / 100 == 2))) {
            upgraded = true;
        }
        if (head == null || request == null) {
            return;
        }
        String incomplete = join(request.incomplete, responses.lostSync);
        responses.lostSync = "";
        out.exchange(new Exchange(AppProtocol.APP_PROTOCOL_HTTP1, request.startNs, ts, request.bytes, responseBytes,
                head.status() >= 500, false, incomplete, detail(request.head, head)));
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "; " + b;
    }

    private static HttpRequest detail(Http1Head request, Http1Head response) {
        HttpRequest.Builder http = HttpRequest.newBuilder()
                .setMethod(request.method())
                .setPath(HttpPaths.truncate(request.target()))
                .setHost(request.host())
                .setUserAgent(request.userAgent())
                .setHttpVersion(request.version());
        if (response != null) {
            http.setStatus(response.status());
            http.setContentType(response.contentType().isEmpty() ? request.contentType() : response.contentType());
        } else {
            http.setContentType(request.contentType());
        }
        return http.build();
    }

    @Override
    public void data(boolean fromClient, byte[] data, long callBytes, long timestampNs, ExchangeSink out) {
        if (upgraded) {
            counters.unparsedBytes(callBytes);
            return;
        }
        (fromClient ? requests : responses).read(data, callBytes, timestampNs, out);
    }

    @Override
    public void closed(long timestampNs, ExchangeSink out) {
        if (responses.state == State.BODY && responses.body.untilCloseMode() && answer != null) {
            responseDone(timestampNs, out);
        }
        expire(Long.MAX_VALUE, 0, out);
    }

    @Override
    public void expire(long nowNs, long timeoutNs, ExchangeSink out) {
        PendingExpiry.expire(pending.iterator(), p -> p.startNs, nowNs, timeoutNs, p -> out.exchange(new Exchange(
                AppProtocol.APP_PROTOCOL_HTTP1, p.startNs, 0, p.bytes, 0, false, true, p.incomplete, detail(p.head, null))));
    }
}
