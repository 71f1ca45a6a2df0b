package dev.nightjar.sensor.requests.http2;

import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.HttpRequest;
import dev.nightjar.sensor.requests.parse.Bytes;
import dev.nightjar.sensor.requests.parse.ConnectionParser;
import dev.nightjar.sensor.requests.parse.Exchange;
import dev.nightjar.sensor.requests.parse.ExchangeSink;
import dev.nightjar.sensor.requests.parse.ParseCounters;
import dev.nightjar.sensor.requests.parse.PendingExpiry;
import dev.nightjar.sensor.requests.privacy.HttpPaths;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HTTP/2 and gRPC on one connection: frames split per direction, header blocks decoded with each
 * direction's HPACK state, one exchange per stream from the request's HEADERS to the response's
 * END_STREAM (or RST_STREAM). Kept: :method, :path, :authority, :status, content-type,
 * user-agent, grpc-status and grpc-message (capped); every other header is decoded only as far
 * as HPACK needs. At most {@link #MAX_STREAMS} streams are open per connection; a connection
 * joined mid-stream cannot know the HPACK tables, so what it could not decode is said in
 * {@code incomplete}.
 */
public final class Http2Parser implements ConnectionParser {

    public static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    static final int MAX_STREAMS = 1024;
    static final int MAX_GRPC_MESSAGE_CHARS = 256;
    static final int MAX_VALUE_CHARS = 256;

    static final int DATA = 0;
    static final int HEADERS = 1;
    static final int RST_STREAM = 3;
    static final int PUSH_PROMISE = 5;
    static final int CONTINUATION = 9;
    static final int END_STREAM = 0x1;
    static final int END_HEADERS = 0x4;
    static final int PADDED = 0x8;
    static final int PRIORITY = 0x20;

    private final ParseCounters counters;
    private final H2FrameReader clientFrames;
    private final H2FrameReader serverFrames;
    private HpackDecoder requestHeaders;
    private HpackDecoder responseHeaders;
    private final Map<Integer, H2Stream> streams = new LinkedHashMap<>();
    private String joinedIncomplete;
    private boolean clientSpoke;

    public Http2Parser(ParseCounters counters, boolean fromStart) {
        this.counters = counters;
        this.clientFrames = new H2FrameReader(fromStart ? PREFACE.length : 0, counters);
        this.serverFrames = new H2FrameReader(0, counters);
        this.requestHeaders = new HpackDecoder(fromStart);
        this.responseHeaders = new HpackDecoder(fromStart);
        this.joinedIncomplete = fromStart ? "" : "joined mid-stream";
    }

    /**
     * A call that is whole HTTP/2 frames (a connection joined after its preface): every frame's
     * type known and its length and stream fitting the type, the last frame ending exactly at
     * the call's end, or beyond it when the capture cut the call.
     */
    public static boolean looksLikeFrames(byte[] data, boolean cut) {
        int at = 0;
        int frames = 0;
        while (at + 9 <= data.length) {
            int length = ((data[at] & 0xff) << 16) | ((data[at + 1] & 0xff) << 8) | (data[at + 2] & 0xff);
            int type = data[at + 3] & 0xff;
            int stream = Bytes.int32(data, at + 5);
            if (!plausibleFrame(type, length, stream)) {
                return false;
            }
            at += 9 + length;
            frames++;
        }
        return frames > 0 && (at == data.length || (cut && at > data.length));
    }

    private static boolean plausibleFrame(int type, int length, int stream) {
        if (stream < 0 || length > 16_384) {
            return false; // the reserved bit is set, or larger than a peer may send without asking
        }
        return switch (type) {
            case DATA, HEADERS, RST_STREAM, PUSH_PROMISE, CONTINUATION -> stream != 0;
            case 2 -> stream != 0 && length == 5;          // PRIORITY
            case 4 -> stream == 0 && length % 6 == 0;      // SETTINGS
            case 6 -> stream == 0 && length == 8;          // PING
            case 7 -> stream == 0 && length >= 8;          // GOAWAY
            case 8 -> length == 4;                         // WINDOW_UPDATE
            default -> false;
        };
    }

    public static boolean startsWithPreface(byte[] data) {
        if (data.length < PREFACE.length) {
            return false;
        }
        for (int i = 0; i < PREFACE.length; i++) {
            if (data[i] != PREFACE[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void data(boolean fromClient, byte[] data, long callBytes, long timestampNs, ExchangeSink out) {
        if (fromClient && !clientSpoke) {
            clientSpoke = true;
            if (!joinedIncomplete.isEmpty() && startsWithPreface(data)) {
                // the server's SETTINGS came first and looked like the middle: this is the start after all
                clientFrames.skipPreface(PREFACE.length);
                requestHeaders = new HpackDecoder(true);
                responseHeaders = new HpackDecoder(true);
                joinedIncomplete = "";
            }
        }
        H2FrameReader reader = fromClient ? clientFrames : serverFrames;
        reader.read(data, callBytes, (type, flags, streamId, length, payload, payloadLength) ->
                frame(fromClient, type, flags, streamId, length, payload, payloadLength, timestampNs, out));
    }

    private void frame(boolean fromClient, int type, int flags, int streamId, int length, byte[] payload,
                       int payloadLength, long ts, ExchangeSink out) {
        H2Stream stream = streamId == 0 ? null : streams.get(streamId);
        if (fromClient && stream == null && type == HEADERS) {
            stream = open(streamId, ts);
        }
        if (stream != null) {
            if (fromClient) {
                stream.requestBytes += 9L + length;
            } else {
                stream.responseBytes += 9L + length;
            }
        }
        switch (type) {
            case HEADERS, PUSH_PROMISE -> {
                // a PUSH_PROMISE's block is decoded only to keep the server's HPACK table right
                HpackDecoder decoder = fromClient ? requestHeaders : responseHeaders;
                H2Stream target = type == HEADERS ? stream : null;
                int blockFrom = blockStart(type, flags, payload, payloadLength);
                int blockTo = payloadLength - ((flags & PADDED) != 0 && payloadLength > 0 ? payload[0] & 0xff : 0);
                if (payloadLength < length || blockFrom > blockTo) {
                    decoderLost(decoder, target, "a header block cut by the capture");
                } else if (!decoder.decode(payload, blockFrom, blockTo, (name, value) -> header(target, fromClient, name, value))) {
                    note(target, decoder == requestHeaders ? "request headers not decodable" : "response headers not decodable");
                } else if (decoder.lastBlockPartial()) {
                    note(target, fromClient ? "request headers indexed before the join unknown"
                            : "response headers indexed before the join unknown");
                }
                if (target != null && !fromClient) {
                    target.responseStarted = true;
                }
                if (target != null && !fromClient && (flags & END_STREAM) != 0) {
                    finish(target, ts, out);
                }
            }
            case DATA -> {
                if (stream != null && !fromClient && (flags & END_STREAM) != 0) {
                    finish(stream, ts, out);
                }
            }
            case RST_STREAM -> {
                if (stream != null) {
                    int code = payloadLength >= 4 ? Bytes.int32(payload, 0) : -1;
                    note(stream, "stream reset (error code " + code + ")");
                    streams.remove(streamId);
                    if (stream.responseStarted) {
                        out.exchange(exchange(stream, ts, false));
                    } else {
                        out.exchange(exchange(stream, 0, true));
                    }
                }
            }
            default -> {
                // SETTINGS, PING, WINDOW_UPDATE, GOAWAY, PRIORITY: nothing about requests
            }
        }
    }

    private static int blockStart(int type, int flags, byte[] payload, int payloadLength) {
        int at = (flags & PADDED) != 0 ? 1 : 0;
        if (type == HEADERS && (flags & PRIORITY) != 0) {
            at += 5;
        }
        if (type == PUSH_PROMISE) {
            at += 4;
        }
        return Math.min(at, payloadLength + 1);
    }

    private void decoderLost(HpackDecoder decoder, H2Stream target, String why) {
        decoder.decode(new byte[] {(byte) 0x80}, 0, 1, (n, v) -> { }); // index 0 is invalid: the table is now unknown
        note(target, why);
    }

    private static void note(H2Stream stream, String why) {
        if (stream != null && !stream.incomplete.contains(why)) {
            stream.incomplete = stream.incomplete.isEmpty() ? why : stream.incomplete + "; " + why;
        }
    }

    private H2Stream open(int streamId, long ts) {
        if (streams.size() >= MAX_STREAMS) {
            Iterator<H2Stream> oldest = streams.values().iterator();
            oldest.next();
            oldest.remove();
            counters.unmatchedResponse();
        }
        H2Stream stream = new H2Stream(streamId, ts, joinedIncomplete);
        streams.put(streamId, stream);
        return stream;
    }

    private static void header(H2Stream stream, boolean fromClient, String name, String value) {
        if (stream == null) {
            return;
        }
        if (fromClient) {
            switch (name) {
                case ":method" -> stream.method = cap(value, 32);
                case ":path" -> stream.path = value;
                case ":authority" -> stream.authority = cap(value, MAX_VALUE_CHARS);
                case "content-type" -> stream.contentType = cap(value, MAX_VALUE_CHARS);
                case "user-agent" -> stream.userAgent = cap(value, MAX_VALUE_CHARS);
                default -> {
                    // not on the allow-list: dropped here
                }
            }
        } else {
            switch (name) {
                case ":status" -> stream.status = parseInt(value);
                case "content-type" -> {
                    if (stream.contentType.isEmpty()) {
                        stream.contentType = cap(value, MAX_VALUE_CHARS);
                    }
                }
                case "grpc-status" -> stream.grpcStatus = parseInt(value);
                case "grpc-message" -> stream.grpcMessage = cap(percentDecode(value), MAX_GRPC_MESSAGE_CHARS);
                default -> {
                    // not on the allow-list: dropped here
                }
            }
        }
    }

    private static String cap(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }

    private static int parseInt(String value) {
        if (value.isEmpty() || value.length() > 9) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** grpc-message is percent-encoded UTF-8 (gRPC over HTTP/2 spec). */
    private static String percentDecode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        byte[] out = new byte[value.length()];
        int n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length() && Character.digit(value.charAt(i + 1), 16) >= 0
                    && Character.digit(value.charAt(i + 2), 16) >= 0) {
                out[n++] = (byte) (Character.digit(value.charAt(i + 1), 16) * 16 + Character.digit(value.charAt(i + 2), 16));
                i += 2;
            } else {
                out[n++] = (byte) c;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    private void finish(H2Stream stream, long ts, ExchangeSink out) {
        streams.remove(stream.id);
        out.exchange(exchange(stream, ts, false));
    }

    private static Exchange exchange(H2Stream s, long endNs, boolean noResponse) {
        boolean grpc = s.grpc();
        HttpRequest.Builder http = HttpRequest.newBuilder().setMethod(s.method)
                .setPath(HttpPaths.truncate(s.path)).setHost(s.authority)
                .setStatus(Math.max(0, s.status)).setContentType(s.contentType).setUserAgent(s.userAgent)
                .setHttpVersion("2").setStreamId(s.id).setGrpc(grpc);
        boolean error;
        if (grpc) {
            // trailers-only responses carry grpc-status in the headers; no grpc-status is UNKNOWN
            int code = s.grpcStatus < 0 ? (noResponse ? 0 : 2) : s.grpcStatus;
            http.setGrpcStatus(code).setGrpcMessage(s.grpcMessage);
            error = !noResponse && code != 0;
        } else {
            error = s.status >= 500;
        }
        return new Exchange(grpc ? AppProtocol.APP_PROTOCOL_GRPC : AppProtocol.APP_PROTOCOL_HTTP2, s.startNs,
                noResponse ? 0 : endNs, s.requestBytes, s.responseBytes, error, noResponse, s.incomplete, http.build());
    }

    @Override
    public void expire(long nowNs, long timeoutNs, ExchangeSink out) {
        PendingExpiry.expire(streams.values().iterator(), s -> s.startNs, nowNs, timeoutNs,
                s -> out.exchange(exchange(s, 0, true)));
    }
}
