package dev.nightjar.sensor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import com.google.protobuf.util.JsonFormat;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.sensor.collect.Collector;
import dev.nightjar.sensor.server.ScriptedCollector;
import dev.nightjar.sensor.server.TestEvents;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code observe} against a real {@code serve} (the real SensorServer on a
 * loopback port). A scripted collector publishes a known set of events each
 * time a client subscribes; this test is about the server and the CLI, not the kernel.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObserveCommandTest {

    private static final long SECOND = 1_000_000_000L;
    private static final String NODE = "node-e2e";
    private static final SensorEvent FLOW = TestEvents.flow(11, SECOND);
    private static final SensorEvent DROP = TestEvents.drop(2 * SECOND);
    private static final SensorEvent DROP_V6 = SensorEvent.newBuilder().setTimestampNs(3 * SECOND)
            .setDrop(DropEvent.newBuilder().setReasonName("NO_SOCKET").setCount(1).setIfname("lo")
                    .setTuple(TestEvents.tcp(v6(1), 33_000, v6(2), 9))).build();

    private Path dir;
    private Path tokenFile;
    private ScriptedCollector collector;
    private RunningServe serve;
    private int port;

    private static byte[] v6(int last) {
        byte[] address = new byte[16];
        address[0] = (byte) 0xfd;
        address[15] = (byte) last;
        return address;
    }

    @BeforeAll
    void startServe(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, "e2e-token\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        collector = ScriptedCollector.running(Feature.FEATURE_FLOWS).onFilter(sink -> {
            sink.publish(FLOW);
            sink.publish(DROP);
            sink.publish(DROP_V6);
        });
        serve = RunningServe.start(options -> List.<Collector>of(collector), "--listen", "127.0.0.1:0",
                "--token-file", tokenFile.toString(), "--idle-exit", "0", "--node-name", NODE);
        port = serve.awaitPort(Duration.ofSeconds(15));
    }

    @AfterAll
    void stopServe() throws Exception {
        serve.close();
    }

    private record Run(int exitCode, List<String> out, String err, Duration took) {
    }

    private Run observe(String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ObserveCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("--sensor", "127.0.0.1:" + port, "--token-file", tokenFile.toString()));
        args.addAll(List.of(options));
        long start = System.nanoTime();
        int code = cli.execute(args.toArray(String[]::new));
        return new Run(code, out.toString().lines().toList(), err.toString(), Duration.ofNanos(System.nanoTime() - start));
    }

    @Test
    void printsOneReadableLinePerEventAndStopsAtTheDuration() {
        Run run = observe("--duration", "1500ms", "--utc");

        assertThat(run.exitCode()).as("stderr: %s", run.err()).isZero();
        assertThat(run.took()).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(10));
        assertThat(run.out().getFirst()).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} " + NODE + " INFO sensor \\S+ kernel \\S+ "
                + "(x86_64|aarch64) btf=(yes|no) flows=on drops=off .*");
        assertThat(run.out()).containsSubsequence(
                "00:00:01.000 node-e2e FLOW tcp 10.0.0.1:40000 -> 10.0.0.2:8080 ESTABLISHED tx=1.2KB rx=300B pid=123 (curl)",
                "00:00:02.000 node-e2e DROP NETFILTER_DROP x3 tcp 10.0.0.1:5 -> 10.0.0.2:80 at nf_hook_slow+0x9c",
                "00:00:03.000 node-e2e DROP NO_SOCKET x1 tcp [fd00::1]:33000 -> [fd00::2]:9 dev lo");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void jsonLinesParseBackToTheEventsWithTextAddresses() throws Exception {
        Run run = observe("--json", "--duration", "2s");
        assertThat(run.exitCode()).as("stderr: %s", run.err()).isZero();

        List<SensorEvent> events = new ArrayList<>();
        for (String line : run.out()) {
            SensorEvent.Builder event = SensorEvent.newBuilder();
            JsonFormat.parser().ignoringUnknownFields().merge(line, event);
            events.add(event.build());
        }
        assertThat(events.getFirst().hasInfo()).isTrue();
        assertThat(events).filteredOn(SensorEvent::hasFlow).singleElement().satisfies(e -> {
            assertThat(e.getFlow()).isEqualTo(FLOW.getFlow());
            assertThat(e.getNode()).isEqualTo(NODE);
            assertThat(e.getTimestampNs()).isEqualTo(SECOND);
            assertThat(e.getSequence()).isPositive();
        });
        assertThat(events).filteredOn(SensorEvent::hasDrop).extracting(SensorEvent::getDrop)
                .containsExactly(DROP.getDrop(), DROP_V6.getDrop());

        String flowLine = run.out().stream().filter(l -> l.contains("\"flow\"")).findFirst().orElseThrow();
        var tuple = JsonParser.parseString(flowLine).getAsJsonObject().getAsJsonObject("flow").getAsJsonObject("tuple");
        assertThat(tuple.get("srcIp").getAsString()).isEqualTo("10.0.0.1");
        assertThat(tuple.get("dstIp").getAsString()).isEqualTo("10.0.0.2");
        String v6Line = run.out().stream().filter(l -> l.contains("NO_SOCKET")).findFirst().orElseThrow();
        assertThat(v6Line).contains("\"srcIp\":\"fd00::1\"").contains("\"dstIp\":\"fd00::2\"");
    }

    @Test
    void kindsAndFilterOptionsBecomeTheSubscription() {
        Run run = observe("--kinds", "drops", "--duration", "2s", "--pid", "5", "--pid", "6", "--port", "443",
                "--cgroup-id", "99", "--latency-threshold", "5ms", "--frequency", "49", "--include-noise-drops");
        assertThat(run.exitCode()).as("stderr: %s", run.err()).isZero();
        assertThat(run.out()).noneMatch(l -> l.contains(" FLOW "));
        assertThat(run.out()).anyMatch(l -> l.contains(" DROP NETFILTER_DROP "));
        assertThat(collector.filters().getLast()).isEqualTo(Filter.newBuilder().addPids(5).addPids(6).addPorts(443)
                .addCgroupIds(99).setSyscallLatencyThresholdNs(5_000_000).setProfileFrequencyHz(49)
                .setIncludeNoiseDrops(true).build());
    }

    @Test
    void aWrongTokenIsOneLineAndANonZeroExit() throws Exception {
        Path wrong = dir.resolve("wrong");
        Files.writeString(wrong, "not-the-token\n");
        Files.setPosixFilePermissions(wrong, PosixFilePermissions.fromString("rw-------"));
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ObserveCommand());
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("--sensor", "127.0.0.1:" + port, "--token-file", wrong.toString(), "--duration", "5s");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("observe: the sensor at 127.0.0.1:" + port + " rejected the token (wrong session token)");
    }

    @Test
    void aDeadSensorIsOneLineAndANonZeroExit() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = socket.getLocalPort();
        }
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ObserveCommand());
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("--sensor", "127.0.0.1:" + deadPort, "--token-file", tokenFile.toString(),
                "--duration", "5s");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("observe: cannot reach the sensor at 127.0.0.1:" + deadPort)
                .doesNotContain("\tat ");
    }

    @Test
    void aWorldReadableTokenFileIsRefusedBeforeConnecting() throws Exception {
        Path open = dir.resolve("open-token");
        Files.writeString(open, "e2e-token\n");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ObserveCommand());
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("--sensor", "127.0.0.1:" + port, "--token-file", open.toString(), "--duration", "5s");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("observe: token file " + open + " is readable by every user (rw-r--r--); run chmod 600");
    }

    @Test
    void anUnknownKindIsAUsageError() {
        Run run = observe("--kinds", "flows,packets");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown kind 'packets'");
    }
}
