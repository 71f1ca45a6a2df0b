package dev.nightjar.sensor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowDirection;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.sensor.lab.KernelTestSupport;
import dev.nightjar.sensor.lab.LabTraffic;
import dev.nightjar.sensor.lab.NetnsLab;
import dev.nightjar.testing.KernelTest;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole sensor on the real kernel: {@code serve} with the collectors it
 * ships with, lab traffic between two network-namespace "pods", and
 * {@code observe --json} reading the stream over a real loopback socket.
 */
@KernelTest
class SensorEndToEndTest {

    private static final String NODE = "lab-node";
    private static final Duration OBSERVE_FOR = Duration.ofSeconds(14);

    @TempDir
    Path dir;

    private NetnsLab lab;
    private RunningServe serve;
    private Path tokenFile;
    private int port;

    @BeforeEach
    void start() throws Exception {
        KernelTestSupport.requireNetworkLab();
        tokenFile = ObserveRun.tokenFile(dir, "end-to-end-token");
        lab = NetnsLab.create();
        serve = ObserveRun.serve(tokenFile, NODE);
        port = serve.awaitPort(Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        if (serve != null) {
            serve.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void labTrafficShowsUpInObserveJsonAsFlowsAndDropsWithTheRightTuplesAndReasons() throws Exception {
        ObserveRun observe = ObserveRun.start(port, tokenFile, OBSERVE_FOR, "--json", "--kinds", "flows,drops");
        awaitFirstLine(observe.out(), observe.err());

        int tcpPort = LabTraffic.randomPort();
        LabTraffic.Client v4 = LabTraffic.tcpExchange(lab, false, tcpPort, 50_000, 20_000);
        int v6Port = LabTraffic.randomPort();
        LabTraffic.Client v6 = LabTraffic.tcpExchange(lab, true, v6Port, 30_000, 10_000);

        int blocked = LabTraffic.randomPort();
        lab.dropTcpTo(lab.b(), blocked);
        InetSocketAddress filteredClient = LabTraffic.connectAttempt(lab, false, blocked, 1_500);
        int closed = LabTraffic.randomPort();
        InetSocketAddress refusedClient = LabTraffic.connectAttempt(lab, false, closed, 2_000);
        InetSocketAddress udpClient = LabTraffic.udpSend(lab, false, closed, 1, 64);

        List<SensorEvent> events = parse(String.join("\n", observe.awaitSuccess(OBSERVE_FOR.plusSeconds(20))));

        assertThat(events.getFirst().hasInfo()).isTrue();
        assertThat(events.getFirst().getInfo().getFeaturesList())
                .allSatisfy(f -> assertThat(f.getRunning() || !f.getFeature().name().matches("FEATURE_(FLOWS|DROPS)"))
                        .as("%s running (%s)", f.getFeature(), f.getReason()).isTrue());

        FlowUpdate v4Flow = lastFlow(events, v4, tcpPort);
        assertThat(v4Flow.getBytesSent()).as("client → server bytes").isBetween(50_000L, 50_002L);
        assertThat(v4Flow.getBytesReceived()).as("server → client bytes").isBetween(20_000L, 20_002L);
        assertThat(v4Flow.getComm()).isEqualTo(v4.comm());
        assertThat(v4Flow.getPid()).isEqualTo((int) ProcessHandle.current().pid());
        assertThat(v4Flow.getClosed()).isTrue();

        FlowUpdate v6Flow = lastFlow(events, v6, v6Port);
        assertThat(v6Flow.getBytesSent()).isBetween(30_000L, 30_002L);
        assertThat(v6Flow.getClosed()).isTrue();

        assertThat(drops(events, "NETFILTER_DROP", L4Protocol.L4_PROTOCOL_TCP, filteredClient, blocked))
                .as("the nftables drop of the SYN to port %d", blocked).isNotEmpty();
        assertThat(drops(events, "NO_SOCKET", L4Protocol.L4_PROTOCOL_TCP, refusedClient, closed))
                .as("TCP to a closed port").isNotEmpty();
        assertThat(drops(events, "NO_SOCKET", L4Protocol.L4_PROTOCOL_UDP, udpClient, closed))
                .as("UDP to a closed port").isNotEmpty();
        assertThat(events).allSatisfy(e -> assertThat(e.getNode()).isEqualTo(NODE));
    }

    private static void awaitFirstLine(StringWriter out, StringWriter err) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (out.toString().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(out.toString()).as("observe connected; stderr: %s", err).isNotEmpty();
    }

    private static List<SensorEvent> parse(String jsonLines) throws Exception {
        List<SensorEvent> events = new ArrayList<>();
        for (String line : jsonLines.lines().toList()) {
            SensorEvent.Builder b = SensorEvent.newBuilder();
            JsonFormat.parser().ignoringUnknownFields().merge(line, b);
            events.add(b.build());
        }
        return events;
    }

    /** The client's socket's last update for the exchange: outbound, from the client's address and port. */
    private static FlowUpdate lastFlow(List<SensorEvent> events, LabTraffic.Client client, int serverPort) {
        Predicate<FlowUpdate> wanted = f -> f.getDirection() == FlowDirection.FLOW_DIRECTION_OUTBOUND
                && matches(f.getTuple(), L4Protocol.L4_PROTOCOL_TCP, client.local(), serverPort);
        List<FlowUpdate> updates = events.stream().filter(SensorEvent::hasFlow).map(SensorEvent::getFlow)
                .filter(wanted).toList();
        assertThat(updates).as("flow updates of %s → port %d", client.local(), serverPort).isNotEmpty();
        return updates.getLast();
    }

    private static List<DropEvent> drops(List<SensorEvent> events, String reason, L4Protocol protocol,
                                         InetSocketAddress client, int dstPort) {
        return events.stream().filter(SensorEvent::hasDrop).map(SensorEvent::getDrop)
                .filter(d -> d.getReasonName().equals(reason) && matches(d.getTuple(), protocol, client, dstPort))
                .toList();
    }

    private static boolean matches(FiveTuple t, L4Protocol protocol, InetSocketAddress src, int dstPort) {
        return t.getProtocol() == protocol
                && Arrays.equals(t.getSrcAddr().toByteArray(), src.getAddress().getAddress())
                && t.getSrcPort() == src.getPort()
                && t.getDstPort() == dstPort;
    }
}
