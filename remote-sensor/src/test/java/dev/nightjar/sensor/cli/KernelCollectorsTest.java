package dev.nightjar.sensor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.FlowDirection;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.sensor.collect.Collector;
import dev.nightjar.sensor.collect.KernelCollectorsConfig;
import dev.nightjar.sensor.lab.KernelTestSupport;
import dev.nightjar.sensor.lab.LabTraffic;
import dev.nightjar.sensor.lab.NetnsLab;
import dev.nightjar.sensor.lab.RecordingSink;
import dev.nightjar.testing.KernelTest;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One collector failing to load leaves the other running, and says why. */
@KernelTest
class KernelCollectorsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void theFactoryMakesFlowsDropsSyscallsProfileRequestsAndSecurityUnstarted() {
        List<Collector> collectors = KernelCollectors.create(KernelCollectorsConfig.defaults());
        assertThat(collectors).extracting(Collector::feature)
                .containsExactly(Feature.FEATURE_FLOWS, Feature.FEATURE_DROPS, Feature.FEATURE_SYSCALLS,
                        Feature.FEATURE_PROFILE, Feature.FEATURE_REQUESTS, Feature.FEATURE_SECURITY);
        assertThat(collectors).allSatisfy(c -> {
            assertThat(c.state().getRunning()).isFalse();
            assertThat(c.state().getReason()).isEqualTo("not started");
            c.close();
        });
    }

    @Test
    void aDropProgramThatCannotLoadLeavesFlowsRunning() {
        KernelTestSupport.requireNetworkLab();
        RecordingSink sink = new RecordingSink();
        List<Collector> collectors = KernelCollectors.create(KernelCollectorsConfig.defaults()
                .withFlushInterval(Duration.ofMillis(200)).withDropTracepoint("nj_no_such_tracepoint"));
        try (NetnsLab lab = NetnsLab.create()) {
            collectors.forEach(c -> c.start(sink));
            Collector flows = collectors.get(0);
            Collector drops = collectors.get(1);
            assertThat(drops.state().getRunning()).isFalse();
            assertThat(drops.state().getReason()).contains("nj_no_such_tracepoint").contains("kfree_skb")
                    .doesNotContain("Exception");
            assertThat(flows.state().getRunning()).as(flows.state().getReason()).isTrue();

            int port = LabTraffic.randomPort();
            LabTraffic.Client client = LabTraffic.tcpExchange(lab, false, port, 1_000, 1_000);
            sink.await(e -> e.hasFlow() && e.getFlow().getClosed()
                    && e.getFlow().getDirection() == FlowDirection.FLOW_DIRECTION_OUTBOUND
                    && e.getFlow().getTuple().getProtocol() == L4Protocol.L4_PROTOCOL_TCP
                    && e.getFlow().getTuple().getSrcPort() == client.local().getPort(), WAIT, "flow while drops are off");
            assertThat(drops.lossCounters()).isEmpty();
        } finally {
            collectors.forEach(Collector::close);
        }
    }

    @Test
    void aFlowProgramThatCannotLoadLeavesDropsRunning() {
        KernelTestSupport.requireNetworkLab();
        RecordingSink sink = new RecordingSink();
        List<Collector> collectors = KernelCollectors.create(KernelCollectorsConfig.defaults()
                .withFlushInterval(Duration.ofMillis(200)).withFlowStateTracepoint("nj_no_such_tracepoint"));
        try (NetnsLab lab = NetnsLab.create()) {
            collectors.forEach(c -> c.start(sink));
            Collector flows = collectors.get(0);
            Collector drops = collectors.get(1);
            assertThat(flows.state().getRunning()).isFalse();
            assertThat(flows.state().getReason()).contains("nj_no_such_tracepoint").contains("inet_sock_set_state");
            assertThat(drops.state().getRunning()).as(drops.state().getReason()).isTrue();

            int port = LabTraffic.randomPort();
            InetSocketAddress client = LabTraffic.udpSend(lab, false, port, 1, 8);
            sink.await(e -> e.hasDrop() && e.getDrop().getReasonName().equals("NO_SOCKET")
                    && e.getDrop().getTuple().getSrcPort() == client.getPort(), WAIT, "drop while flows are off");
        } finally {
            collectors.forEach(Collector::close);
        }
    }
    @Test
    void dropsStartedBeforeFlowsWaitForTheFlowMapsAndKeepTheirPids() throws InterruptedException {
        KernelTestSupport.requireBpf();
        List<Collector> collectors = KernelCollectors.create(KernelCollectorsConfig.defaults());
        try {
            Collector flows = collectors.get(0);
            Collector drops = collectors.get(1);
            Thread dropsStarting = Thread.ofPlatform().name("test-drops-start").start(() -> drops.start(new RecordingSink()));
            // The server starts collectors in parallel: this is the order that lost the pids.
            awaitWaitingForFlows(dropsStarting, drops);
            flows.start(new RecordingSink());
            dropsStarting.join(WAIT.toMillis());
            assertThat(flows.state().getRunning()).as(flows.state().getReason()).isTrue();
            assertThat(drops.state().getRunning()).as(drops.state().getReason()).isTrue();
            assertThat(drops.state().getReason()).doesNotContain("pids unknown");
        } finally {
            collectors.forEach(Collector::close);
        }
    }

    private static void awaitWaitingForFlows(Thread starting, Collector drops) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (Arrays.stream(starting.getStackTrace()).noneMatch(f -> f.getMethodName().equals("sharedMapsOnceStarted"))) {
            if (!starting.isAlive()) {
                throw new AssertionError("drops started without waiting for flows: " + drops.state());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("drops' start did not reach the flow maps within " + WAIT.toSeconds() + " s");
            }
            Thread.sleep(10);
        }
    }
}
