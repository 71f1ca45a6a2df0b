package dev.nightjar.sensor.requests.redis;

import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.RedisRequest;
import dev.nightjar.sensor.requests.parse.ConnectionParser;
import dev.nightjar.sensor.requests.parse.Exchange;
import dev.nightjar.sensor.requests.parse.ExchangeSink;
import dev.nightjar.sensor.requests.parse.ParseCounters;
import dev.nightjar.sensor.requests.parse.PendingExpiry;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * Redis RESP on one connection: commands (arrays of bulk strings) matched in order to replies
 * (pipelining), the command's name and first key kept, error replies' text kept. At most
 * {@link #MAX_PENDING} commands wait for replies. A direction that stops being RESP is counted
 * as unparsed until a call starts a value again.
 */
public final class RedisParser implements ConnectionParser {

    static final int MAX_PENDING = 1024;
    static final int MAX_ERROR_CHARS = 256;

    private final ParseCounters counters;
    private final RespReader commands = new RespReader();
    private final RespReader replies = new RespReader();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long commandStartNs;
    private long commandBytes;
    private long replyBytes;
    private String lostSync = "";

    private record Pending(String command, String key, long startNs, long bytes, String incomplete) {
    }

    public RedisParser(ParseCounters counters) {
        this.counters = counters;
    }

    /** A RESP array of bulk strings: {@code *<n>\r\n$}. */
    public static boolean looksLikeCommand(byte[] data) {
        if (data.length < 4 || data[0] != '*') {
            return false;
        }
        int i = 1;
        while (i < data.length && i < 8 && data[i] >= '0' && data[i] <= '9') {
            i++;
        }
        return i > 1 && i + 2 < data.length && data[i] == '\r' && data[i + 1] == '\n' && data[i + 2] == '$';
    }

    @Override
    public void data(boolean fromClient, byte[] data, long callBytes, long timestampNs, ExchangeSink out) {
        RespReader reader = fromClient ? commands : replies;
        if (reader.broken()) {
            if (data.length > 0 && (fromClient ? data[0] == '*' : "+-:$*_,#!=(%~>|".indexOf(data[0]) >= 0)) {
                reader.reset();
            } else {
                counters.unparsedBytes(callBytes);
                return;
            }
        }
        int at = 0;
        while (at < data.length && !reader.broken()) {
            int from = at;
            if (fromClient && reader.atBoundary()) {
                commandStartNs = timestampNs;
                commandBytes = 0;
            }
            at = reader.read(data, at, data.length, fromClient
                    ? (type, first, second, error) -> command(type, first, second)
                    : (type, first, second, error) -> reply(type, error, timestampNs, out));
            if (fromClient) {
                commandBytes += at - from;
            } else {
                replyBytes += at - from;
            }
        }
        if (reader.broken()) {
            lostSync = fromClient ? "commands that are not RESP" : "replies that are not RESP";
            counters.unparsedBytes(data.length - at);
        }
        long missing = callBytes - data.length;
        if (missing > 0 && !reader.broken()) {
            reader.skipMissing(missing);
            if (reader.broken()) {
                lostSync = "the capture cut a command or reply";
                counters.unparsedBytes(missing);
            }
        }
    }

    private void command(char type, String name, String key) {
        if (type != '*') {
            counters.unparsedBytes(commandBytes);
            return;
        }
        if (pending.size() == MAX_PENDING) {
            pending.pollFirst();
            counters.unmatchedResponse();
        }
        String command = name.toUpperCase(Locale.ROOT);
        // AUTH and HELLO carry credentials where other commands carry a key: never kept
        String firstKey = command.equals("AUTH") || command.equals("HELLO") ? "" : key;
        pending.addLast(new Pending(command, firstKey, commandStartNs, commandBytes, lostSync));
        lostSync = "";
        commandBytes = 0;
    }

    private void reply(char type, String error, long ts, ExchangeSink out) {
        long bytes = replyBytes;
        replyBytes = 0;
        if (type == '>') {
            return; // a RESP3 push (pub/sub, invalidation) answers no command
        }
        Pending p = pending.pollFirst();
        if (p == null) {
            counters.unmatchedResponse();
            return;
        }
        boolean failed = type == '-' || type == '!';
        String text = error.length() > MAX_ERROR_CHARS ? error.substring(0, MAX_ERROR_CHARS - 1) + "…" : error;
        out.exchange(new Exchange(AppProtocol.APP_PROTOCOL_REDIS, p.startNs(), ts, p.bytes(), bytes, failed, false,
                p.incomplete(), RedisRequest.newBuilder().setCommand(p.command()).setFirstKey(p.key())
                        .setError(failed ? text : "").build()));
    }

    @Override
    public void expire(long nowNs, long timeoutNs, ExchangeSink out) {
        PendingExpiry.expire(pending.iterator(), Pending::startNs, nowNs, timeoutNs, p ->
            out.exchange(new Exchange(AppProtocol.APP_PROTOCOL_REDIS, p.startNs(), 0, p.bytes(), 0, false, true,
                    p.incomplete(), RedisRequest.newBuilder().setCommand(p.command()).setFirstKey(p.key()).build())));
    }
}
