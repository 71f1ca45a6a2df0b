package dev.nightjar.sensor.requests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.Request;
import dev.nightjar.sensor.requests.http1.Http1Parser;
import dev.nightjar.sensor.requests.http2.Http2Parser;
import dev.nightjar.sensor.requests.parse.ByteWindow;
import dev.nightjar.sensor.requests.parse.ParseCounters;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every parser against input that is not what it expects: its seed conversation split at every
 * byte boundary (same requests), random bytes, a connection joined mid-stream, a 1 MB header,
 * and a seeded fuzz of 100,000 mutated conversations each, bounded in time. Nothing may throw,
 * and what could not be parsed is counted.
 */
class ParserRobustnessTest {

    static final int FUZZ_CASES = 100_000;

    static final Map<String, Callable<Conversation>> SEEDS = Map.of(
            "http1", SeedConversations::http1,
            "grpc", SeedConversations::grpc,
            "dns-udp", SeedConversations::dnsUdp,
            "dns-tcp", SeedConversations::dnsTcp,
            "postgres", SeedConversations::postgres,
            "redis", SeedConversations::redis);

    /** What each exchange of a conversation was, in order, as one line. */
    static List<String> summary(Conversation c, boolean split, boolean fromClient, int at) {
        CollectedEvents events = new CollectedEvents();
        RequestAssembler assembler = CollectedEvents.everyExchange(events);
        if (!split) {
            c.feedAndClose(assembler);
        } else {
            // one direction whole, the other cut in two at `at`; each direction keeps its order
            Conversation cut = Conversation.tcp(c.connectionId);
            byte[] client = c.joined(true);
            byte[] server = c.joined(false);
            byte[] splitSide = fromClient ? client : server;
            if (!fromClient) {
                cut.client(client);
            }
            cut.call(fromClient, Arrays.copyOfRange(splitSide, 0, at), at);
            cut.call(fromClient, Arrays.copyOfRange(splitSide, at, splitSide.length), splitSide.length - at);
            if (fromClient) {
                cut.server(server);
            }
            cut.feedAndClose(assembler);
        }
        return events.requests().stream().map(ParserRobustnessTest::line).toList();
    }

    static String line(Request r) {
        return switch (r.getDetailCase()) {
            case HTTP -> r.getHttp().getMethod() + " " + r.getHttp().getPath() + " " + r.getHttp().getStatus() + " "
                    + r.getHttp().getGrpcStatus();
            case DNS -> r.getDns().getQueryName() + " " + r.getDns().getRcodeName() + " " + r.getDns().getAnswers();
            case POSTGRES -> r.getPostgres().getStatement() + " " + r.getPostgres().getCommandTag() + " " + r.getPostgres().getSqlstate();
            case REDIS -> r.getRedis().getCommand() + " " + r.getRedis().getError();
            default -> r.getDetailCase().name();
        } + " " + r.getError() + " " + r.getNoResponse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http1", "grpc", "dns-tcp", "postgres", "redis"})
    void aConversationSplitAtEveryByteBoundaryGivesTheSameRequests(String protocol) throws Exception {
        Conversation seed = SEEDS.get(protocol).call();
        List<String> whole = summary(seed, false, true, 0);
        assertThat(whole).as("the seed parses").isNotEmpty();
        assertThat(whole).allSatisfy(l -> assertThat(l).endsWith(" false"));
        for (boolean fromClient : new boolean[] {true, false}) {
            int length = seed.joined(fromClient).length;
            for (int at = 1; at < length; at++) {
                assertThat(summary(seed, true, fromClient, at)).as("%s split at %d", fromClient ? "requests" : "responses", at)
                        .isEqualTo(whole);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 17})
    void randomBytesAreCountedAsUnparsed(int l4) {
        Random random = new Random(42);
        RequestAssembler assembler = new RequestAssembler(new CollectedEvents());
        long fed = 0;
        for (int connection = 0; connection < 2000; connection++) {
            Conversation c = new Conversation(connection, l4);
            for (int call = 0; call < 10; call++) {
                byte[] data = new byte[1 + random.nextInt(300)];
                random.nextBytes(data);
                c.call(random.nextBoolean(), data, data.length);
                fed += data.length;
            }
            c.feedAndClose(assembler);
        }
        assertThat(assembler.counters().unparsedBytesTotal()).isGreaterThan(fed / 2);
        assertThat(assembler.counters().unparsedConnectionsTotal()).isGreaterThan(1000);
        assertThat(assembler.connections()).isZero();
    }

    @Test
    void aOneMegabyteHeaderIsGivenUpOnAndTheNextRequestIsParsed() {
        CollectedEvents events = new CollectedEvents();
        RequestAssembler assembler = CollectedEvents.everyExchange(events);
        Conversation c = Conversation.tcp(1).client("GET /big HTTP/1.1\r\nX-Big: ");
        byte[] filler = "x".repeat(4096).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 256; i++) {
            c.client(filler);
        }
        c.client("\r\n\r\n").server("HTTP/1.1 431 Too Large\r\nContent-Length: 0\r\n\r\n")
                .client("GET /small HTTP/1.1\r\n\r\n").server("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        c.feedAndClose(assembler);
        assertThat(events.requests()).extracting(r -> r.getHttp().getPath() + " " + r.getHttp().getStatus())
                .containsExactly("/small 200");
        assertThat(events.requests().getFirst().getIncomplete()).isNotEmpty(); // the responses lost sync too
        assertThat(assembler.counters().unparsedBytesTotal()).isGreaterThan(1_000_000L);
    }

    @Test
    void aHeadCutByTheCaptureLimitIsNotParsedButTheConnectionRecovers() {
        CollectedEvents events = new CollectedEvents();
        RequestAssembler assembler = CollectedEvents.everyExchange(events);
        byte[] head = ("GET /cut HTTP/1.1\r\nX-Pad: " + "p".repeat(5000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        Conversation c = Conversation.tcp(1).call(true, Arrays.copyOf(head, 4096), head.length)
                .server("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                .client("GET /after HTTP/1.1\r\n\r\n").server("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        c.feedAndClose(assembler);
        assertThat(events.requests()).extracting(r -> r.getHttp().getPath()).containsExactly("/after");
        assertThat(events.requests().getFirst().getIncomplete()).contains("cut");
        assertThat(assembler.counters().unmatchedResponsesTotal()).isEqualTo(1);
    }

    @Test
    void aBodyCutByTheCaptureLimitIsSkippedByItsLength() {
        CollectedEvents events = new CollectedEvents();
        RequestAssembler assembler = CollectedEvents.everyExchange(events);
        String head = "POST /upload HTTP/1.1\r\nContent-Length: 100000\r\n\r\n";
        byte[] call = new byte[4096];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, call, 0, head.length());
        Conversation.tcp(1).call(true, call, head.length() + 100_000L)
                .server("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n").feedAndClose(assembler);
        assertThat(events.requests()).singleElement().satisfies(r -> {
            assertThat(r.getHttp().getStatus()).isEqualTo(201);
            assertThat(r.getRequestBytes()).isEqualTo(head.length() + 100_000L);
            assertThat(r.getIncomplete()).isEmpty();
        });
    }

    @Test
    void aConnectionJoinedMidStreamParsesFromTheNextMessageAndSaysSo() {
        CollectedEvents events = new CollectedEvents();
        RequestAssembler assembler = CollectedEvents.everyExchange(events);
        Conversation.tcp(1)
                .server("lo world, the end of a body\r\n")
                .client("GET /whole HTTP/1.1\r\nHost: a\r\n\r\n")
                .server("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                .feedAndClose(assembler);
        assertThat(events.requests()).extracting(r -> r.getHttp().getPath() + " " + r.getHttp().getStatus())
                .containsExactly("/whole 404");
        assertThat(assembler.counters().unparsedBytesTotal()).isEqualTo("lo world, the end of a body\r\n".length());
    }

    @Test
    void postgresJoinedAfterItsStartupMarksTheQueryIncomplete() {
        CollectedEvents events = new CollectedEvents();
        RequestAssembler assembler = CollectedEvents.everyExchange(events);
        Conversation seed = SeedConversations.postgres();
        Conversation late = Conversation.tcp(1);
        for (Conversation.Call call : seed.calls.subList(2, seed.calls.size())) {
            late.call(call.fromClient(), call.data(), call.callBytes());
        }
        late.feedAndClose(assembler);
        assertThat(events.requests()).extracting(ParserRobustnessTest::line)
                .containsExactly("SELECT name FROM users WHERE id = ? SELECT 1  false false", "SELECT $1 + ?  22P02 true false");
        assertThat(events.requests().getFirst().getIncomplete()).contains("mid-stream");
    }

    @Test
    void http2JoinedAfterItsPrefaceDecodesWhatItCanAndSaysTheRestIsUnknown() throws Exception {
        Conversation seed = SeedConversations.grpc();
        boolean sawLaterCall = false;
        for (int first = 1; first < seed.calls.size(); first++) {
            CollectedEvents events = new CollectedEvents();
            RequestAssembler assembler = CollectedEvents.everyExchange(events);
            Conversation late = Conversation.tcp(1);
            for (Conversation.Call call : seed.calls.subList(first, seed.calls.size())) {
                late.call(call.fromClient(), call.data(), call.callBytes());
            }
            boolean prefaceLeft = late.calls.stream().filter(Conversation.Call::fromClient).findFirst()
                    .map(c -> Http2Parser.startsWithPreface(c.data())).orElse(false);
            late.feedAndClose(assembler);
            if (prefaceLeft) {
                assertThat(events.requests()).allSatisfy(r -> assertThat(r.getIncomplete()).isEmpty());
                continue; // only the server's SETTINGS were dropped: the client's start is all there
            }
            assertThat(events.requests()).allSatisfy(r -> assertThat(r.getIncomplete()).startsWith("joined mid-stream"));
            sawLaterCall |= events.requests().stream()
                    .anyMatch(r -> r.getHttp().getPath().equals("/nightjar.v1.Sensor/UpdateSubscription"));
        }
        assertThat(sawLaterCall).as("a call whose path was first sent after the join is decoded").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http1", "grpc", "dns-udp", "dns-tcp", "postgres", "redis"})
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void fuzzedConversationsNeverThrowAndStayBounded(String protocol) throws Exception {
        Conversation seed = SEEDS.get(protocol).call();
        Random random = new Random(protocol.hashCode());
        CollectedEvents events = new CollectedEvents();
        RequestAssembler assembler = new RequestAssembler(events, new ParseCounters(), 64, 256);
        assembler.configure(dev.nightjar.protocol.v1.Filter.newBuilder().setRequestSampleRate(1.0).build());
        for (int n = 0; n < FUZZ_CASES; n++) {
            Conversation mutated = Fuzz.mutate(seed, n, random);
            mutated.feed(assembler);
            if (random.nextInt(4) == 0) {
                assembler.closed(n, mutated.now());
            }
            if (n % 1000 == 0) {
                assembler.tick(mutated.now() + RequestAssembler.INTERVAL_NS);
                events.events.clear();
            }
            assertThat(assembler.connections()).isLessThanOrEqualTo(64);
        }
        assembler.tick(Long.MAX_VALUE / 2);
        assertThat(assembler.counters().unparsedBytesTotal() + assembler.counters().unmatchedResponsesTotal()
                + assembler.counters().unparsedConnectionsTotal()).as("mutations were noticed").isPositive();
    }

    @Test
    void http1HeadsAreBoundedPerConnection() {
        assertThat(Http1Parser.MAX_HEAD_BYTES).isEqualTo(16 * 1024);
        ByteWindow window = new ByteWindow(Http1Parser.MAX_HEAD_BYTES);
        byte[] big = new byte[Http1Parser.MAX_HEAD_BYTES + 1];
        assertThat(window.append(big, 0, big.length)).isFalse();
        assertThat(window.append(big, 0, Http1Parser.MAX_HEAD_BYTES)).isTrue();
        assertThat(window.append(big, 0, 1)).isFalse();
        assertThat(window.array().length).isLessThanOrEqualTo(Http1Parser.MAX_HEAD_BYTES);
    }
}
