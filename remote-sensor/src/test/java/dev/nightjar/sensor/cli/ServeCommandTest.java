package dev.nightjar.sensor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.sensor.SensorMain;
import dev.nightjar.sensor.collect.Collector;
import dev.nightjar.sensor.server.CollectorFactory;
import dev.nightjar.sensor.server.ScriptedCollector;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {

    @TempDir
    Path dir;
    private Path tokenFile;
    private final AtomicInteger factoryCalls = new AtomicInteger();
    private final ScriptedCollector collector = ScriptedCollector.running(Feature.FEATURE_FLOWS);
    private final CollectorFactory factory = options -> {
        factoryCalls.incrementAndGet();
        return List.<Collector>of(collector);
    };
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void token() throws Exception {
        tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, "s3cr3t\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
    }

    private int run(String... args) {
        CommandLine cli = new CommandLine(new ServeCommand(factory));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void aNonLoopbackAddressIsRefusedBeforeAnythingStarts() {
        int code = run("--listen", "0.0.0.0:0", "--token-file", tokenFile.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("serve: refusing to listen on 0.0.0.0:0")
                .contains("--allow-remote").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(factoryCalls).hasValue(0);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aWorldReadableTokenFileIsRefused() throws Exception {
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-r--r--"));
        int code = run("--listen", "127.0.0.1:0", "--token-file", tokenFile.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("readable by every user").contains("chmod 600");
        assertThat(factoryCalls).hasValue(0);
    }

    @Test
    void aMissingTokenFileIsRefused() {
        int code = run("--listen", "127.0.0.1:0", "--token-file", dir.resolve("missing").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("serve: token file " + dir.resolve("missing") + " does not exist");
    }

    @Test
    void aBadDurationIsAUsageError() {
        int code = run("--listen", "127.0.0.1:0", "--token-file", tokenFile.toString(), "--idle-exit", "ten");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("invalid duration 'ten'");
    }

    @Test
    void aTakenPortFailsWithOneLineAndClosesTheCollectors() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int code = run("--listen", "127.0.0.1:" + taken.getLocalPort(), "--token-file", tokenFile.toString());
            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).startsWith("serve: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ")
                    .containsIgnoringCase("address already in use");
            assertThat(collector.closes()).isEqualTo(1);
        }
    }

    @Test
    void printsTheBoundAddressAndExitsByItselfWhenIdle() throws Exception {
        long start = System.nanoTime();
        try (RunningServe serve = RunningServe.start(factory, "--listen", "127.0.0.1:0",
                "--token-file", tokenFile.toString(), "--idle-exit", "1s", "--node-name", "node-x")) {
            assertThat(serve.awaitPort(Duration.ofSeconds(10))).isPositive();
            assertThat(serve.awaitExit(Duration.ofSeconds(10))).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(serve.out().lines()).singleElement().asString().matches("listening on 127\\.0\\.0\\.1:\\d+");
            assertThat(serve.err()).contains("serve: no client for PT1S (idle exit)");
        }
        assertThat(factoryCalls).hasValue(1);
        assertThat(collector.closes()).isEqualTo(1);
    }

    @Test
    void theSensorCommandListsServeAndObserve() {
        CommandLine cli = new CommandLine(new SensorMain());
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("info").contains("serve").contains("observe");
        assertThat(cli.execute("serve", "--help")).isZero();
        assertThat(out.toString()).contains("--listen").contains("--idle-exit").contains("--allow-remote");
    }
}
