package dev.nightjar.sensor.drops;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.LossStage;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.sensor.collect.KernelCollectorsConfig;
import dev.nightjar.sensor.flows.FlowCollector;
import dev.nightjar.sensor.lab.KernelTestSupport;
import dev.nightjar.sensor.lab.LabTraffic;
import dev.nightjar.sensor.lab.NetnsLab;
import dev.nightjar.sensor.lab.RecordingSink;
import dev.nightjar.testing.KernelTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real drops provoked in the network lab, seen by the real kfree_skb program. */
@KernelTest
class DropCollectorTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private NetnsLab lab;
    private DropCollector drops;
    private final RecordingSink sink = new RecordingSink();

    @BeforeEach
    void startLabAndCollector() {
        KernelTestSupport.requireNetworkLab();
        lab = NetnsLab.create();
        drops = new DropCollector(KernelCollectorsConfig.defaults().withFlushInterval(Duration.ofMillis(200)));
        drops.start(sink);
        assertThat(drops.state().getRunning()).as(drops.state().getReason()).isTrue();
        assertThat(drops.feature()).isEqualTo(Feature.FEATURE_DROPS);
    }

    @AfterEach
    void stop() {
        if (drops != null) {
            drops.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    private Predicate<SensorEvent> dropOf(String reason, L4Protocol protocol, InetSocketAddress client, int serverPort,
                                          boolean ipv6) {
        ByteString src = ByteString.copyFrom(client.getAddress().getAddress());
        ByteString dst = ByteString.copyFrom(lab.b().address(ipv6).getAddress());
        return e -> e.hasDrop() && e.getDrop().getReasonName().equals(reason)
                && e.getDrop().getTuple().getProtocol() == protocol
                && e.getDrop().getTuple().getSrcAddr().equals(src)
                && e.getDrop().getTuple().getSrcPort() == client.getPort()
                && e.getDrop().getTuple().getDstAddr().equals(dst)
                && e.getDrop().getTuple().getDstPort() == serverPort;
    }

    private void assertArrivedInPodB(DropEvent drop) {
        assertThat(drop.getNetnsInode()).as("netns of the receiving device").isEqualTo(lab.netnsInode(lab.b()));
        assertThat(drop.getIfindex()).isEqualTo(lab.ifindex(lab.b()));
        assertThat(drop.getIfname()).isEqualTo(lab.b().ifname());
        assertThat(drop.getCount()).isGreaterThanOrEqualTo(1);
        assertThat(drop.getFirstSeenNs()).isPositive().isLessThanOrEqualTo(drop.getLastSeenNs());
        long now = System.currentTimeMillis() * 1_000_000L;
        assertThat(drop.getLastSeenNs()).as("wall clock, not monotonic").isBetween(now - 60_000_000_000L, now + 1_000_000_000L);
    }

    @Test
    void anNftablesDropInPodBIsReportedWithItsReasonAndTuple() {
        int port = LabTraffic.randomPort();
        lab.dropTcpTo(lab.b(), port);
        InetSocketAddress client = LabTraffic.connectAttempt(lab, false, port, 1_500);

        DropEvent drop = sink.await(dropOf("NETFILTER_DROP", L4Protocol.L4_PROTOCOL_TCP, client, port, false), WAIT,
                "NETFILTER_DROP of the lab's SYN").getDrop();
        assertArrivedInPodB(drop);
        assertThat(drop.getReasonCode()).isEqualTo(drops.reasons().orElseThrow().code("NETFILTER_DROP").orElseThrow());
        // 6.x kernels free it in nft_do_chain, older ones in nf_hook_slow.
        assertThat(drop.getLocation()).as("symbolized kernel location").matches("(nft_do_chain|nf_hook_slow)\\+0x[0-9a-f]+");
        assertThat(drop.getLocationAddress()).isNotZero();
    }

    @Test
    void aTcpConnectToAClosedPortIsANoSocketDrop() {
        int port = LabTraffic.randomPort();
        InetSocketAddress client = LabTraffic.connectAttempt(lab, false, port, 2_000);
        DropEvent drop = sink.await(dropOf("NO_SOCKET", L4Protocol.L4_PROTOCOL_TCP, client, port, false), WAIT,
                "NO_SOCKET drop of the SYN").getDrop();
        assertArrivedInPodB(drop);
        assertThat(drop.getLocation()).startsWith("tcp_v4_rcv+");
    }

    @Test
    void aUdpDatagramToAClosedPortIsANoSocketDrop() {
        int port = LabTraffic.randomPort();
        InetSocketAddress client = LabTraffic.udpSend(lab, false, port, 1, 32);
        DropEvent drop = sink.await(dropOf("NO_SOCKET", L4Protocol.L4_PROTOCOL_UDP, client, port, false), WAIT,
                "NO_SOCKET drop of the datagram").getDrop();
        assertArrivedInPodB(drop);
        assertThat(drop.getLocation()).startsWith("__udp4_lib_rcv+");
    }

    @Test
    void ipv6DropsCarryIpv6Tuples() {
        int port = LabTraffic.randomPort();
        InetSocketAddress client = LabTraffic.connectAttempt(lab, true, port, 2_000);
        DropEvent drop = sink.await(dropOf("NO_SOCKET", L4Protocol.L4_PROTOCOL_TCP, client, port, true), WAIT,
                "IPv6 NO_SOCKET drop").getDrop();
        assertThat(drop.getTuple().getSrcAddr().size()).isEqualTo(16);
        assertArrivedInPodB(drop);

        InetSocketAddress udpClient = LabTraffic.udpSend(lab, true, port, 1, 16);
        sink.await(dropOf("NO_SOCKET", L4Protocol.L4_PROTOCOL_UDP, udpClient, port, true), WAIT, "IPv6 UDP NO_SOCKET drop");
    }

    @Test
    void identicalDropsAreAggregatedWithACount() {
        int port = LabTraffic.randomPort();
        InetSocketAddress client = LabTraffic.udpSend(lab, false, port, 1, 8);
        sink.await(dropOf("NO_SOCKET", L4Protocol.L4_PROTOCOL_UDP, client, port, false), WAIT, "first drop");
        // The same socket sends 5 more within one interval: one event, count 5 (or split over two flushes).
        drops.flushNow(WAIT);
        int before = sink.matching(dropOf("NO_SOCKET", L4Protocol.L4_PROTOCOL_UDP, client, port, false)).size();
        InetSocketAddress again = lab.runIn(lab.a(), "nj-lab-udp5", () -> {
            try (java.net.DatagramSocket s = new java.net.DatagramSocket(null)) {
                s.setReuseAddress(true);
                s.bind(client);
                for (int i = 0; i < 5; i++) {
                    s.send(new java.net.DatagramPacket(new byte[8], 8, new InetSocketAddress(lab.b().ipv4(), port)));
                }
                return (InetSocketAddress) s.getLocalSocketAddress();
            }
        });
        assertThat(again).isEqualTo(client);
        drops.flushNow(WAIT);
        long total = sink.matching(dropOf("NO_SOCKET", L4Protocol.L4_PROTOCOL_UDP, client, port, false)).stream()
                .skip(before).mapToLong(e -> e.getDrop().getCount()).sum();
        assertThat(total).isEqualTo(5);
    }

    @Test
    void noiseReasonsAreLeftOutUnlessTheFilterAsksForThem() {
        // Evidence (bpf/README.md): every accepted TCP connection frees its SYN as NOT_SPECIFIED.
        int port = LabTraffic.randomPort();
        LabTraffic.Client quiet = LabTraffic.tcpExchange(lab, false, port, 100, 100);
        drops.flushNow(WAIT);
        assertThat(sink.matching(dropOf("NOT_SPECIFIED", L4Protocol.L4_PROTOCOL_TCP, quiet.local(), port, false)))
                .as("noise is filtered by default").isEmpty();

        drops.applyFilter(Filter.newBuilder().setIncludeNoiseDrops(true).build());
        int port2 = LabTraffic.randomPort();
        LabTraffic.Client noisy = LabTraffic.tcpExchange(lab, false, port2, 100, 100);
        sink.await(dropOf("NOT_SPECIFIED", L4Protocol.L4_PROTOCOL_TCP, noisy.local(), port2, false), WAIT,
                "NOT_SPECIFIED drop with include_noise_drops");
    }

    @Test
    void aPortFilterIsEnforcedInTheKernel() {
        int watched = LabTraffic.randomPort();
        int ignored = watched + 1;
        drops.applyFilter(Filter.newBuilder().addPorts(watched).build());
        // Drops from before the filter (the lab's own IPv6 multicast at link up) leave with this flush.
        drops.flushNow(WAIT);
        int before = sink.matching(e -> true).size();
        InetSocketAddress toIgnored = LabTraffic.udpSend(lab, false, ignored, 1, 8);
        InetSocketAddress toWatched = LabTraffic.udpSend(lab, false, watched, 1, 8);
        sink.await(dropOf("NO_SOCKET", L4Protocol.L4_PROTOCOL_UDP, toWatched, watched, false), WAIT, "watched drop");
        drops.flushNow(WAIT);
        assertThat(sink.matching(dropOf("NO_SOCKET", L4Protocol.L4_PROTOCOL_UDP, toIgnored, ignored, false))).isEmpty();
        assertThat(sink.matching(e -> true).stream().skip(before).filter(e -> e.hasDrop()
                && e.getDrop().getTuple().getSrcPort() != watched && e.getDrop().getTuple().getDstPort() != watched))
                .as("nothing outside the filter").isEmpty();
    }

    @Test
    void aDroppedPacketOfAKnownSocketCarriesItsOwnersPid() {
        drops.close();
        // The owner comes from the flow programs' socket storage, shared with the drops object.
        try (FlowCollector flows = new FlowCollector(KernelCollectorsConfig.defaults())) {
            flows.start(new RecordingSink());
            assertThat(flows.state().getRunning()).as(flows.state().getReason()).isTrue();
            drops = new DropCollector(KernelCollectorsConfig.defaults().withFlushInterval(Duration.ofMillis(200)),
                    flows::sharedMaps);
            drops.start(sink);
            assertThat(drops.state().getReason()).doesNotContain("pids unknown");
            int port = LabTraffic.randomPort();
            lab.dropTcpLeaving(lab.a(), port); // dropped on output: the skb still has its socket
            LabTraffic.connectUnbound(lab, lab.b().ipv4(), port, 1_500);
            DropEvent drop = sink.await(e -> e.hasDrop() && e.getDrop().getReasonName().equals("NETFILTER_DROP")
                    && e.getDrop().getTuple().getDstPort() == port, WAIT, "the SYN dropped on its way out").getDrop();
            assertThat(drop.getPid()).as("the connecting process").isEqualTo(ProcessHandle.current().pid());
            assertThat(drop.getNetnsInode()).isEqualTo(lab.netnsInode(lab.a()));
        }
    }

    @Test
    void dropsOfManyClientPortsToOneListeningServiceAreOneRecordWithoutThePorts() throws IOException {
        drops.close();
        try (FlowCollector flows = new FlowCollector(KernelCollectorsConfig.defaults())) {
            flows.start(new RecordingSink()); // sees the listen() below
            LabListener listener = LabListener.open(lab, LabTraffic.randomPort());
            // One interval for each step: flushes come from the test.
            drops = new DropCollector(KernelCollectorsConfig.defaults().withFlushInterval(Duration.ofSeconds(60)),
                    flows::sharedMaps);
            drops.start(sink);
            int port = listener.port();
            lab.dropTcpTo(lab.b(), port); // a NetworkPolicy in front of a listening service

            LabTraffic.connectUnbound(lab, lab.b().ipv4(), port, 300);
            drops.flushNow(WAIT);
            DropEvent one = sink.await(dropTo("NETFILTER_DROP", port), WAIT, "one client's SYN").getDrop();
            assertThat(one.getTuple().getSrcPort()).as("alone: its port is kept").isNotZero();
            assertThat(one.getPortsAggregated()).isFalse();

            int before = sink.matching(dropTo("NETFILTER_DROP", port)).size();
            for (int i = 0; i < 3; i++) {
                LabTraffic.connectUnbound(lab, lab.b().ipv4(), port, 300);
            }
            drops.flushNow(WAIT);
            List<DropEvent> many = sink.matching(dropTo("NETFILTER_DROP", port)).stream().skip(before)
                    .map(SensorEvent::getDrop).toList();
            assertThat(many).as("three clients, one record").singleElement().satisfies(d -> {
                assertThat(d.getTuple().getSrcPort()).isZero();
                assertThat(d.getPortsAggregated()).isTrue();
                assertThat(d.getCount()).isGreaterThanOrEqualTo(3);
            });
            listener.close();
        }
    }

    private static Predicate<SensorEvent> dropTo(String reason, int port) {
        return e -> e.hasDrop() && e.getDrop().getReasonName().equals(reason) && e.getDrop().getTuple().getDstPort() == port;
    }

    /** A listening socket in pod B, so its port counts as a service's. */
    private record LabListener(java.net.ServerSocket socket, int port) implements AutoCloseable {
        static LabListener open(NetnsLab lab, int port) {
            return lab.runIn(lab.b(), "nj-lab-listen", () -> {
                java.net.ServerSocket s = new java.net.ServerSocket();
                s.bind(new InetSocketAddress(lab.b().ipv4(), port));
                return new LabListener(s, port);
            });
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void aFilterChangeAppliesToDropsCountedBeforeIt() {
        drops.close();
        drops = new DropCollector(KernelCollectorsConfig.defaults().withFlushInterval(Duration.ofSeconds(60)));
        drops.start(sink);
        int port = LabTraffic.randomPort();
        InetSocketAddress dropped = LabTraffic.udpSend(lab, false, port, 3, 8);
        InetSocketAddress kept = LabTraffic.udpSend(lab, false, port + 1, 3, 8);
        try {
            Thread.sleep(300); // both counted in the kernel, under no filter
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drops.applyFilter(Filter.newBuilder().addPorts(port + 1).build());
        drops.flushNow(WAIT);
        assertThat(sink.matching(dropOf("NO_SOCKET", L4Protocol.L4_PROTOCOL_UDP, kept, port + 1, false)))
                .as("counted before the change, inside the new filter").isNotEmpty();
        assertThat(sink.matching(dropOf("NO_SOCKET", L4Protocol.L4_PROTOCOL_UDP, dropped, port, false)))
                .as("counted before the change, outside the new filter").isEmpty();
    }

    @Test
    void lossCountersAndCloseAreSane() {
        drops.flushNow(WAIT);
        assertThat(drops.lossCounters()).singleElement().satisfies(c -> {
            assertThat(c.getStage()).isEqualTo(LossStage.LOSS_STAGE_KERNEL_MAP_FULL);
            assertThat(c.getLostTotal()).isZero();
            assertThat(c.getLostPacketsTotal()).isZero();
        });
        drops.close();
        drops.close();
        assertThat(drops.state().getRunning()).isFalse();
        assertThat(drops.state().getReason()).isEqualTo("stopped");
    }
}
