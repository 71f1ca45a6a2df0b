package dev.nightjar.sensor.requests;

import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.sensor.requests.dns.DnsParser;
import dev.nightjar.sensor.requests.http1.Http1Parser;
import dev.nightjar.sensor.requests.http1.Http1Sniff;
import dev.nightjar.sensor.requests.http2.Http2Parser;
import dev.nightjar.sensor.requests.parse.ConnectionParser;
import dev.nightjar.sensor.requests.parse.ParseCounters;
import dev.nightjar.sensor.requests.postgres.PostgresParser;
import dev.nightjar.sensor.requests.redis.RedisParser;

/**
 * Infers a connection's protocol from the bytes of one call, never from its port: the HTTP/2
 * preface, an HTTP/1 request or status line, a PostgreSQL startup (or SSL request, or a simple
 * Query seen mid-stream), a RESP command array, a DNS header with one question (a datagram, or
 * over TCP with its length prefix), or whole HTTP/2 frames (a connection joined mid-stream).
 */
public final class ProtocolSniffer {

    /**
     * @param protocol          what the bytes are
     * @param fromClient        the bytes were sent by the client
     * @param fromStart         the bytes start the connection (its first message), not its middle
     */
    public record Sniffed(AppProtocol protocol, boolean fromClient, boolean fromStart) {
    }

    private ProtocolSniffer() {
    }

    /**
     * What the bytes are, or null when no parser recognises them.
     *
     * @param cut the capture copied less than the call moved
     */
    public static Sniffed sniff(byte[] data, int l4Protocol, boolean cut) {
        if (l4Protocol == 17) {
            Boolean query = DnsParser.looksLikeDatagram(data, 0, data.length);
            return query == null ? null : new Sniffed(AppProtocol.APP_PROTOCOL_DNS, query, true);
        }
        if (Http2Parser.startsWithPreface(data)) {
            return new Sniffed(AppProtocol.APP_PROTOCOL_HTTP2, true, true);
        }
        if (Http1Sniff.startsRequest(data, 0, data.length)) {
            return new Sniffed(AppProtocol.APP_PROTOCOL_HTTP1, true, true);
        }
        if (Http1Sniff.startsResponse(data, 0, data.length)) {
            return new Sniffed(AppProtocol.APP_PROTOCOL_HTTP1, false, false);
        }
        if (PostgresParser.looksLikeStartup(data)) {
            return new Sniffed(AppProtocol.APP_PROTOCOL_POSTGRES, true, true);
        }
        if (PostgresParser.looksLikeQuery(data)) {
            return new Sniffed(AppProtocol.APP_PROTOCOL_POSTGRES, true, false);
        }
        if (RedisParser.looksLikeCommand(data)) {
            return new Sniffed(AppProtocol.APP_PROTOCOL_REDIS, true, true);
        }
        Boolean query = DnsParser.looksLikeTcp(data);
        if (query != null) {
            return new Sniffed(AppProtocol.APP_PROTOCOL_DNS, query, true);
        }
        // HTTP/2 joined after the preface: which side sent it is the capture's role to say
        return Http2Parser.looksLikeFrames(data, cut) ? new Sniffed(AppProtocol.APP_PROTOCOL_HTTP2, true, false) : null;
    }

    /** A fresh parser for the protocol. */
    public static ConnectionParser parserFor(Sniffed sniffed, boolean overTcp, ParseCounters counters) {
        return switch (sniffed.protocol()) {
            case APP_PROTOCOL_HTTP1 -> new Http1Parser(counters);
            case APP_PROTOCOL_HTTP2, APP_PROTOCOL_GRPC -> new Http2Parser(counters, sniffed.fromStart());
            case APP_PROTOCOL_DNS -> new DnsParser(counters, overTcp);
            case APP_PROTOCOL_POSTGRES -> new PostgresParser(counters, sniffed.fromStart());
            case APP_PROTOCOL_REDIS -> new RedisParser(counters);
            default -> throw new IllegalArgumentException("no parser for " + sniffed.protocol());
        };
    }
}
