package dev.nightjar.sensor.requests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.FlowRole;
import dev.nightjar.protocol.v1.Request;
import dev.nightjar.sensor.requests.parse.ParseCounters;
import org.junit.jupiter.api.Test;

class RequestAssemblerTest {

    static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    static final String FAIL = "HTTP/1.1 503 Unavailable\r\nContent-Length: 0\r\n\r\n";

    static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: shop\r\nCookie: id=s3cr3t\r\n\r\n";
    }

    @Test
    void fastSuccessesAreOnlyCountedWhileErrorsAndSlowOnesAreSentWhole() {
        CollectedEvents events = new CollectedEvents();
        RequestAssembler assembler = new RequestAssembler(events);
        Conversation c = Conversation.tcp(1)
                .client(get("/fast")).server(OK)
                .client(get("/broken")).server(FAIL)
                .client(get("/slow")).after(100_000_000).server(OK);
        c.feedAndClose(assembler);
        assertThat(events.requests()).extracting(r -> r.getHttp().getPath()).containsExactly("/broken", "/slow");
        assertThat(events.counted()).isEqualTo(3);
        Request slow = events.requests().get(1);
        assertThat(slow.getLatencyNs()).isEqualTo(101_000_000L);
        assertThat(slow.getRole()).isEqualTo(FlowRole.FLOW_ROLE_CLIENT);
        assertThat(slow.getTuple().getSrcPort()).isEqualTo(40000);
        assertThat(slow.getTuple().getDstPort()).isEqualTo(8080);
        assertThat(slow.getPid()).isEqualTo(100);
        assertThat(slow.getRequestBytes()).isEqualTo(get("/slow").length());
        assertThat(slow.getResponseBytes()).isEqualTo(OK.length());
        assertThat(slow.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void theSlowThresholdSampleRateAndProtocolsComeFromTheFilter() {
        CollectedEvents events = new CollectedEvents();
        RequestAssembler assembler = new RequestAssembler(events);
        assembler.configure(Filter.newBuilder().setRequestSlowThresholdNs(500_000).build());
        Conversation.tcp(1).client(get("/a")).server(OK).feedAndClose(assembler);
        assertThat(events.requests()).as("1 ms is slow above a 0.5 ms threshold").hasSize(1);

        events.events.clear();
        assembler.configure(Filter.newBuilder().addRequestProtocols(AppProtocol.APP_PROTOCOL_REDIS).build());
        Conversation.tcp(2).client(get("/b")).server(FAIL).feedAndClose(assembler);
        assertThat(events.events).as("HTTP is not asked for").isEmpty();

        assembler.configure(Filter.newBuilder().setRequestSampleRate(1.0).build());
        Conversation.tcp(3).client(get("/c")).server(OK).feedAndClose(assembler);
        assertThat(events.requests()).hasSize(1);
    }

    @Test
    void literalsAreMaskedUnlessUnmaskedIsAsked() {
        CollectedEvents events = new CollectedEvents();
        RequestAssembler assembler = new RequestAssembler(events);
        Conversation.tcp(1).client(get("/search?q=secret")).server(FAIL).feedAndClose(assembler);
        assembler.configure(Filter.newBuilder().setRequestUnmaskLiterals(true).build());
        Conversation.tcp(2).client(get("/search?q=secret")).server(FAIL).feedAndClose(assembler);
        assertThat(events.requests()).extracting(r -> r.getHttp().getPath() + " " + r.getLiteralsUnmasked())
                .containsExactly("/search?q=? false", "/search?q=secret true");
        assertThat(events.stats()).extracting(s -> s.getRoute()).containsOnly("/search");
    }

    @Test
    void statsAreFlushedOncePerIntervalFromTick() {
        CollectedEvents events = new CollectedEvents();
        RequestAssembler assembler = new RequestAssembler(events);
        Conversation c = Conversation.tcp(1).client(get("/a")).server(OK);
        c.feed(assembler);
        assembler.tick(c.now() + 100_000_000);
        assertThat(events.stats()).as("the interval has not ended").isEmpty();
        assembler.tick(c.now() + RequestAssembler.INTERVAL_NS);
        assertThat(events.stats()).hasSize(1);
        assembler.tick(c.now() + 3 * RequestAssembler.INTERVAL_NS);
        assertThat(events.stats()).as("an empty interval sends nothing").hasSize(1);
    }

    @Test
    void aRequestWithoutAnswerEndsOnCloseOrTimeout() {
        CollectedEvents events = new CollectedEvents();
        RequestAssembler assembler = new RequestAssembler(events);
        Conversation closed = Conversation.tcp(1).client(get("/hangs"));
        closed.feed(assembler);
        assembler.closed(1, closed.now() + 5);
        Conversation waiting = Conversation.tcp(2).client(get("/waits"));
        waiting.feed(assembler);
        assembler.tick(waiting.now() + RequestAssembler.EXCHANGE_TIMEOUT_NS - 1);
        assertThat(events.requests()).extracting(r -> r.getHttp().getPath()).containsExactly("/hangs");
        assembler.tick(waiting.now() + RequestAssembler.EXCHANGE_TIMEOUT_NS + RequestAssembler.INTERVAL_NS);
        assertThat(events.requests()).extracting(r -> r.getHttp().getPath() + " " + r.getNoResponse() + " " + r.getLatencyNs())
                .containsExactly("/hangs true 0", "/waits true 0");
        assertThat(events.stats()).extracting(s -> s.getStatusClass()).containsOnly("none");
    }

    @Test
    void connectionsBeyondTheBoundEvictTheLeastRecentlyUsed() {
        CollectedEvents events = new CollectedEvents();
        RequestAssembler assembler = new RequestAssembler(events, new ParseCounters(), 2, 100);
        for (long id = 1; id <= 5; id++) {
            Conversation.tcp(id).client(get("/x")).feed(assembler);
        }
        assertThat(assembler.connections()).isEqualTo(2);
        assertThat(assembler.counters().evictedConnectionsTotal()).isEqualTo(3);
    }

    @Test
    void aConnectionThatNeverLooksLikeAProtocolIsGivenUpAndCounted() {
        RequestAssembler assembler = new RequestAssembler(new CollectedEvents());
        Conversation c = Conversation.tcp(1);
        for (int i = 0; i < 20; i++) {
            c.client(("\u0001\u0002 not a protocol at all, call " + i + " ").repeat(3));
        }
        c.feed(assembler);
        assertThat(assembler.counters().unparsedConnectionsTotal()).isEqualTo(1);
        assertThat(assembler.counters().unparsedBytesTotal()).isEqualTo(c.joined(true).length);
    }

    @Test
    void theFirstBytesMayArriveInPieces() {
        CollectedEvents events = new CollectedEvents();
        RequestAssembler assembler = CollectedEvents.everyExchange(events);
        Conversation.tcp(1).client("GE").client("T /split HT").client("TP/1.1\r\n\r\n").server(OK).feedAndClose(assembler);
        assertThat(events.requests()).extracting(r -> r.getHttp().getPath()).containsExactly("/split");
    }

    /** A call as one side of a loopback connection reports it: the client's socket 40000 -> 8080, or the server's. */
    private static SocketChunk side(long connectionId, boolean serverSide, boolean sent, String data, long atNs) {
        byte[] client = {127, 0, 0, 1};
        byte[] server = {127, 0, 0, 1};
        byte[] bytes = data.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return serverSide
                ? new SocketChunk(connectionId, atNs, 200, 200, "server", 9, 1, 4, server, 8080, client, 40000, 6,
                        SocketChunk.SocketRole.SERVER, sent ? SocketChunk.ChunkDirection.SENT : SocketChunk.ChunkDirection.RECEIVED,
                        false, bytes.length, bytes)
                : new SocketChunk(connectionId, atNs, 100, 100, "client", 9, 1, 3, client, 40000, server, 8080, 6,
                        SocketChunk.SocketRole.CLIENT, sent ? SocketChunk.ChunkDirection.SENT : SocketChunk.ChunkDirection.RECEIVED,
                        false, bytes.length, bytes);
    }

    /**
     * Both ends of a connection on this node: each exchange is read from both sockets, and counted
     * and sent once, as its server saw it, also when the server closes before the client reads.
     */
    @Test
    void anExchangeWhoseBothEndsAreOnTheNodeIsCountedOnceAsItsServerSawIt() {
        CollectedEvents events = new CollectedEvents();
        RequestAssembler assembler = new RequestAssembler(events);
        long t = 1_000_000_000_000L;
        assembler.chunk(side(1, false, true, get("/broken"), t));
        assembler.chunk(side(2, true, false, get("/broken"), t + 1_000));
        assembler.chunk(side(2, true, true, FAIL, t + 2_000_000));
        assembler.closed(2, t + 2_100_000); // the server closes before the client has read
        assembler.chunk(side(1, false, false, FAIL, t + 2_200_000));
        assembler.closed(1, t + 3_000_000);
        assembler.tick(t + 2_000_000_000L);

        assertThat(events.requests()).hasSize(1).first().satisfies(r -> {
            assertThat(r.getRole()).isEqualTo(FlowRole.FLOW_ROLE_SERVER);
            assertThat(r.getPid()).isEqualTo(200);
            assertThat(r.getHttp().getStatus()).isEqualTo(503);
        });
        assertThat(events.counted()).as("exchanges in the stats").isEqualTo(1);

        // A client whose server is not on this node keeps its own view.
        Conversation.tcp(3).client(get("/elsewhere")).server(FAIL).feedAndClose(assembler);
        assertThat(events.requests()).hasSize(2).last().satisfies(r -> assertThat(r.getRole()).isEqualTo(FlowRole.FLOW_ROLE_CLIENT));
    }
}
