package dev.nightjar.sensor.requests;

import dev.nightjar.sensor.requests.SocketChunk.ChunkDirection;
import dev.nightjar.sensor.requests.SocketChunk.SocketRole;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection's calls written by hand or cut from recorded traffic, fed to a sink as the
 * client's socket would report them (requests SENT), one millisecond apart unless told.
 */
final class Conversation {

    record Call(boolean fromClient, byte[] data, long callBytes, long atNs) {
    }

    final long connectionId;
    final int l4;
    final List<Call> calls = new ArrayList<>();
    private long clock = 1_000_000_000_000L;

    Conversation(long connectionId, int l4) {
        this.connectionId = connectionId;
        this.l4 = l4;
    }

    static Conversation tcp(long id) {
        return new Conversation(id, 6);
    }

    Conversation client(String ascii) {
        return client(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    Conversation server(String ascii) {
        return server(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    Conversation client(byte[] data) {
        return call(true, data, data.length);
    }

    Conversation server(byte[] data) {
        return call(false, data, data.length);
    }

    Conversation call(boolean fromClient, byte[] data, long callBytes) {
        clock += 1_000_000;
        calls.add(new Call(fromClient, data, callBytes, clock));
        return this;
    }

    Conversation after(long nanos) {
        clock += nanos;
        return this;
    }

    long now() {
        return clock;
    }

    SocketChunk chunk(Call c) {
        byte[] local = {10, 0, 0, 1};
        byte[] remote = {10, 0, 0, 2};
        return new SocketChunk(connectionId, c.atNs(), 100, 101, "client", 9, 1, 3, local, 40000, remote, 8080, l4,
                SocketRole.CLIENT, c.fromClient() ? ChunkDirection.SENT : ChunkDirection.RECEIVED, false, c.callBytes(),
                c.data());
    }

    void feed(SocketChunkSink sink) {
        for (Call c : calls) {
            sink.chunk(chunk(c));
        }
    }

    /** Feeds every call, closes the connection and flushes the interval. */
    void feedAndClose(SocketChunkSink sink) {
        feed(sink);
        sink.closed(connectionId, clock + 1);
        sink.tick(clock + 2 * RequestAssembler.INTERVAL_NS);
    }

    /** All the client's bytes then all the server's, each as one array. */
    byte[] joined(boolean fromClient) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        calls.stream().filter(c -> c.fromClient() == fromClient).forEach(c -> out.writeBytes(c.data()));
        return out.toByteArray();
    }
}
