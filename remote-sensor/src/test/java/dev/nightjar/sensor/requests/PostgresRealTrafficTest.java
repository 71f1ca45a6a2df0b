package dev.nightjar.sensor.requests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.Request;
import dev.nightjar.testing.Requires;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's PostgreSQL 15 (initdb into a temporary directory, run as the postgres user on a
 * loopback port) with psql (simple protocol, after its SSL request is refused) and pgbench
 * (extended protocol), recorded through {@link RecordingRelay}.
 */
class PostgresRealTrafficTest {

    static final String BIN = "/usr/lib/postgresql/15/bin/";

    @Test
    void queriesSyntaxErrorsSleepsAndTheExtendedProtocol(@TempDir Path dir) throws Exception {
        Requires.root("run PostgreSQL as its own user (runuser)");
        Requires.that(Files.isExecutable(Path.of(BIN + "postgres")), "needs Debian's postgresql-15 (" + BIN + "postgres)");
        Requires.that(Files.isExecutable(Path.of(BIN + "psql")), "needs Debian's postgresql-client-15 (" + BIN + "psql)");
        Requires.toolsFrom("util-linux", "runuser");
        Path data = dir.resolve("pgdata");
        Files.createDirectories(data);
        LoopbackPrograms.run("chown", "-R", "postgres:postgres", dir.toString());
        LoopbackPrograms.run("runuser", "-u", "postgres", "--", BIN + "initdb", "-D", data.toString(), "-A", "trust",
                "-U", "postgres", "--no-sync", "--no-instructions");
        int port = LoopbackPrograms.freePort();
        Path script = dir.resolve("extended.sql");
        Files.writeString(script, "SELECT abs(-7), 'x' || 'y';\n");
        CollectedEvents events = new CollectedEvents();
        try (var postgres = LoopbackPrograms.start(dir.resolve("postgres.log"), port, "runuser", "-u", "postgres", "--",
                BIN + "postgres", "-D", data.toString(), "-p", String.valueOf(port), "-k", dir.toString(),
                "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off");
             RecordingRelay relay = new RecordingRelay(port)) {
            awaitAcceptingQueries(port);
            String p = String.valueOf(relay.port());
            String[] psql = {BIN + "psql", "-X", "-h", "127.0.0.1", "-p", p, "-U", "postgres", "-d", "postgres", "-c"};
            assertThat(LoopbackPrograms.run(concat(psql, "SELECT 42 AS answer, 'alice' AS name WHERE 1.5 > 1"))).contains("42");
            assertThat(LoopbackPrograms.run(1, concat(psql, "selec 1"))).contains("syntax error");
            LoopbackPrograms.run(concat(psql, "SELECT pg_sleep(0.05)"));
            LoopbackPrograms.run(BIN + "pgbench", "-n", "-h", "127.0.0.1", "-p", p, "-U", "postgres", "-M", "extended",
                    "-t", "1", "-f", script.toString(), "postgres");
            LoopbackPrograms.awaitCloses(relay, 5); // psql three times; pgbench connects twice
            relay.replay(CollectedEvents.everyExchange(events));
        }
        List<Request> requests = events.requests();
        assertThat(requests).allSatisfy(r -> assertThat(r.getProtocol()).isEqualTo(AppProtocol.APP_PROTOCOL_POSTGRES));
        Request select = find(requests, "SELECT ? AS answer");
        assertThat(select.getPostgres().getStatement()).isEqualTo("SELECT ? AS answer, ? AS name WHERE ? > ?");
        assertThat(select.getPostgres().getCommandTag()).isEqualTo("SELECT 1");
        assertThat(select.getError()).isFalse();
        assertThat(select.getIncomplete()).isEmpty();
        Request syntax = find(requests, "selec");
        assertThat(syntax.getError()).isTrue();
        assertThat(syntax.getPostgres().getSqlstate()).isEqualTo("42601");
        assertThat(syntax.getPostgres().getErrorMessage()).contains("syntax error");
        Request sleep = find(requests, "pg_sleep");
        assertThat(sleep.getPostgres().getStatement()).isEqualTo("SELECT pg_sleep(?)");
        assertThat(sleep.getLatencyNs()).isBetween(50_000_000L, 5_000_000_000L);
        assertThat(select.getLatencyNs()).isLessThan(sleep.getLatencyNs());
        Request extended = find(requests, "abs(");
        assertThat(extended.getPostgres().getExtendedProtocol()).isTrue();
        assertThat(extended.getPostgres().getStatement()).isEqualTo("SELECT abs(-?), ? || ?;");
        assertThat(extended.getPostgres().getCommandTag()).isEqualTo("SELECT 1");
        assertThat(events.stats()).filteredOn(s -> s.getStatusClass().equals("42")).singleElement()
                .satisfies(s -> assertThat(s.getErrors()).isEqualTo(1));
    }

    private static Request find(List<Request> requests, String statementPart) {
        return requests.stream().filter(r -> r.getPostgres().getStatement().contains(statementPart)).findFirst()
                .orElseThrow(() -> new AssertionError("no request with '" + statementPart + "' in " + requests));
    }

    private static String[] concat(String[] head, String last) {
        String[] all = java.util.Arrays.copyOf(head, head.length + 1);
        all[head.length] = last;
        return all;
    }

    /** Postgres listens before it accepts queries ("the database system is starting up"): ask pg_isready, at most 30 s. */
    private static void awaitAcceptingQueries(int port) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Process ready = new ProcessBuilder(BIN + "pg_isready", "-q", "-h", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (ready.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && ready.exitValue() == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("postgres on port " + port + " did not accept queries within 30 s");
    }
}
