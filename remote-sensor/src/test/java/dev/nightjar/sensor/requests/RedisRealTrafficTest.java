package dev.nightjar.sensor.requests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.Request;
import dev.nightjar.testing.Requires;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's redis-server and redis-cli on loopback, recorded through {@link RecordingRelay}. */
class RedisRealTrafficTest {

    @Test
    void commandsKeysAndErrorRepliesFromRedisCliAndAPipeline(@TempDir Path dir) throws Exception {
        Requires.toolsFrom("redis-server redis-tools", "redis-server", "redis-cli");
        int port = LoopbackPrograms.freePort();
        CollectedEvents events = new CollectedEvents();
        RequestAssembler unmasked = new RequestAssembler(events);
        unmasked.configure(Filter.newBuilder().setRequestSampleRate(1.0).setRequestUnmaskLiterals(true).build());
        try (var redis = LoopbackPrograms.start(dir.resolve("redis.log"), port, "redis-server", "--port",
                String.valueOf(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString());
             RecordingRelay relay = new RecordingRelay(port)) {
            String relayPort = String.valueOf(relay.port());
            assertThat(LoopbackPrograms.run("redis-cli", "-p", relayPort, "SET", "user:1001", "alice")).contains("OK");
            assertThat(LoopbackPrograms.run("redis-cli", "-p", relayPort, "GET", "user:1001")).contains("alice");
            assertThat(LoopbackPrograms.run("redis-cli", "-p", relayPort, "INCR", "user:1001")).contains("ERR");
            try (Socket s = new Socket(RecordingRelay.loopback(relay.port()).getAddress(), relay.port())) {
                String pipeline = "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$4\r\nINCR\r\n$1\r\na\r\n"
                        + "*4\r\n$6\r\nLRANGE\r\n$1\r\na\r\n$1\r\n0\r\n$1\r\n1\r\n*1\r\n$4\r\nQUIT\r\n";
                s.getOutputStream().write(pipeline.getBytes(StandardCharsets.US_ASCII));
                assertThat(LoopbackPrograms.readAll(s.getInputStream())).contains("+OK", ":2", "-WRONGTYPE");
            }
            LoopbackPrograms.awaitCloses(relay, 4);
            relay.replay(unmasked);
        }
        List<Request> requests = events.requests();
        // redis-cli asks for COMMAND DOCS first on an interactive-capable build; keep only the test's commands
        List<Request> ours = requests.stream()
                .filter(r -> !r.getRedis().getCommand().equals("COMMAND") && !r.getRedis().getCommand().equals("HELLO"))
                .toList();
        assertThat(ours).extracting(r -> r.getRedis().getCommand() + " " + r.getRedis().getFirstKey() + " " + r.getError())
                .containsExactly("SET user:1001 false", "GET user:1001 false", "INCR user:1001 true",
                        "SET a false", "INCR a false", "LRANGE a true", "QUIT  false");
        assertThat(ours.get(2).getRedis().getError()).startsWith("ERR value is not an integer");
        assertThat(ours.get(5).getRedis().getError()).startsWith("WRONGTYPE");
        assertThat(ours).allSatisfy(r -> {
            assertThat(r.getProtocol()).isEqualTo(AppProtocol.APP_PROTOCOL_REDIS);
            assertThat(r.getLiteralsUnmasked()).isTrue();
            assertThat(r.getNoResponse()).isFalse();
            assertThat(r.getLatencyNs()).isPositive();
            assertThat(r.getIncomplete()).isEmpty();
        });
        assertThat(events.stats()).filteredOn(s -> s.getMethod().equals("INCR"))
                .extracting(s -> s.getStatusClass() + " " + s.getCount()).containsExactlyInAnyOrder("error 1", "ok 1");
    }
}
