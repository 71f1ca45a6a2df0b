package dev.nightjar.desktop.servicemap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.naming.FlowEndpoint;
import dev.nightjar.desktop.requests.RequestFilter;
import dev.nightjar.desktop.requests.RequestRow;
import dev.nightjar.desktop.requests.RequestRows;
import dev.nightjar.desktop.testing.RequestFixtures;
import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.DnsRequest;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.Request;
import dev.nightjar.protocol.v1.RequestStats;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The service map's model on the Requests page's fixture (a frontend calling a cart over HTTP with
 * stats, and gRPC, DNS and PostgreSQL requests seen only as events), with drops and names added.
 * Bucket i is [2^i, 2^(i+1)) ns; percentiles interpolate in the bucket (Log2Histogram).
 */
class ServiceMapBuilderTest {

    private static final String FRONTEND = "10.0.1.10";
    private static final String CART = "10.0.2.20";

    private static ServiceMap fixtureMap(List<SensorEvent> drops, EndpointNamer namer) {
        return ServiceMapBuilder.build(RequestFixtures.requests(), RequestFixtures.stats(), drops, namer,
                ServiceMapBuilder.DEFAULT_MAX_WORKLOADS);
    }

    private static MapEdge edge(ServiceMap map, String key) {
        return map.edges().stream().filter(e -> e.key().equals(key)).findFirst().orElseThrow(
                () -> new AssertionError("no edge " + key + " in " + map.edges().stream().map(MapEdge::key).toList()));
    }

    @Test
    void theCartEdgeHasTheStatsRateErrorRateAndP99() {
        ServiceMap map = fixtureMap(List.of(), EndpointNamer.ADDRESSES_ONLY);
        MapEdge cart = edge(map, "10.0.1.10 → 10.0.2.20 · http");
        assertThat(cart.sampled()).as("stats cover it: the three Request events are not counted again").isFalse();
        assertThat(cart.stats().count()).isEqualTo(110);
        assertThat(map.windowNs()).isEqualTo(1_000_000_000L);
        assertThat(cart.ratePerSecond()).as("110 in one second").isEqualTo(110.0);
        assertThat(cart.errorPercent()).isCloseTo(100.0 * 10 / 110, within(1e-9));
        // 110 exchanges: 80 in bucket 20, 15 in 23, 10 in 25, 5 in 27. p99: rank 108.9, 105 below,
        // bucket 27: 134,217,728 × (1 + 3.9/5) = 238,907,555.84
        assertThat(cart.p99Ns()).isCloseTo(238_907_555.84, within(0.01));
        assertThat(cart.health()).as("9.1% ≥ 5%").isEqualTo(Health.FAILING);
        assertThat(map.edges().getFirst()).as("busiest first").isEqualTo(cart);
        assertThat(map.nodes()).extracting(MapNode::id).first().as("busiest workload first").isEqualTo(FRONTEND);
        assertThat(map.nodes()).filteredOn(n -> n.id().equals(CART)).singleElement()
                .satisfies(n -> assertThat(n.health()).as("answers with 9.1% errors").isEqualTo(Health.FAILING));
    }

    @Test
    void edgesWithoutStatsComeFromTheRequestsSeenAndClaimNoRate() {
        ServiceMap map = fixtureMap(List.of(), EndpointNamer.ADDRESSES_ONLY);
        assertThat(map.edges()).extracting(MapEdge::key).containsExactlyInAnyOrder(
                "10.0.1.10 → 10.0.2.20 · http", "10.0.1.10 → 10.0.3.30 · grpc",
                "10.0.1.10 → 10.96.0.10 · dns", "10.0.1.10 → 10.0.4.40 · postgres");
        MapEdge payments = edge(map, "10.0.1.10 → 10.0.3.30 · grpc");
        assertThat(payments.sampled()).isTrue();
        assertThat(payments.ratePerSecond()).isNaN();
        assertThat(payments.stats().count()).isEqualTo(1);
        assertThat(payments.stats().errors()).isEqualTo(1);
        assertThat(payments.health()).as("a failure seen, but no true error rate").isEqualTo(Health.DEGRADED);
        MapEdge sql = edge(map, "10.0.1.10 → 10.0.4.40 · postgres");
        // One exchange of 250 ms: bucket 27 (2^27 = 134,217,728 ≤ 250,000,000 < 2^28); p99 rank 0.99.
        assertThat(sql.p99Ns()).isCloseTo(134_217_728 * 1.99, within(0.01));
        assertThat(sql.health()).isEqualTo(Health.OK);
    }

    @Test
    void dnsFailuresAreCountedOnTheDnsEdgeOnly() {
        List<SensorEvent> requests = new ArrayList<>(RequestFixtures.requests());
        requests.add(dns(40_100, 2, "SERVFAIL"));
        requests.add(dns(40_101, 0, "NOERROR"));
        ServiceMap map = ServiceMapBuilder.build(requests, RequestFixtures.stats(), List.of(),
                EndpointNamer.ADDRESSES_ONLY, 100);
        MapEdge dns = edge(map, "10.0.1.10 → 10.96.0.10 · dns");
        assertThat(dns.nxdomain()).isEqualTo(1);
        assertThat(dns.servfail()).isEqualTo(1);
        assertThat(dns.stats().count()).isEqualTo(3);
        assertThat(dns.health()).isEqualTo(Health.DEGRADED);
        assertThat(map.edges()).filteredOn(e -> e != dns)
                .allSatisfy(e -> assertThat(e.nxdomain() + e.servfail()).as(e.key()).isZero());
    }

    @Test
    void dropsLandOnTheEdgeBetweenTheirAddressesInEitherDirection() {
        ServiceMap map = fixtureMap(List.of(
                drop(CART, 8080, FRONTEND, 40_003, 3),          // the cart's answer, dropped on its way back
                drop(FRONTEND, 40_007, CART, 8080, 2),          // a request dropped on its way in
                drop("10.0.9.9", 1234, CART, 8080, 50),         // no edge between these: not on the map
                drop(FRONTEND, 40_008, CART, 9999, 7)),         // these two, but not the cart's port: neither
                EndpointNamer.ADDRESSES_ONLY);
        assertThat(edge(map, "10.0.1.10 → 10.0.2.20 · http").droppedPackets()).isEqualTo(5);
        assertThat(map.edges()).filteredOn(e -> !e.key().endsWith("http"))
                .allSatisfy(e -> assertThat(e.droppedPackets()).as(e.key()).isZero());
    }

    @Test
    void aWorkloadCallingItselfCountsItsRequestsOnce() {
        List<SensorEvent> stats = List.of(stats(new byte[] {127, 0, 0, 1}, new byte[] {127, 0, 0, 1}, 6));
        ServiceMap map = ServiceMapBuilder.build(List.of(), stats, List.of(), EndpointNamer.ADDRESSES_ONLY, 100);
        assertThat(map.nodes()).singleElement().satisfies(n -> assertThat(n.exchanges()).isEqualTo(6));
        assertThat(map.edges()).extracting(MapEdge::key).containsExactly("127.0.0.1 → 127.0.0.1 · http");
    }

    @Test
    void droppedPacketsMakeAQuietEdgeDegraded() {
        ServiceMap map = fixtureMap(List.of(drop(FRONTEND, 40_006, "10.0.4.40", 5432, 1)),
                EndpointNamer.ADDRESSES_ONLY);
        MapEdge sql = edge(map, "10.0.1.10 → 10.0.4.40 · postgres");
        assertThat(sql.droppedPackets()).isEqualTo(1);
        assertThat(sql.health()).isEqualTo(Health.DEGRADED);
    }

    @Test
    void workloadsAreNamedAsElsewhereAndAnEdgeFiltersTheRequestsPageToItsRequests() {
        EndpointNamer namer = (ip, port) -> switch (ip) {
            case FRONTEND -> new FlowEndpoint(ip, port, "shop", "frontend-7d9", "frontend", "");
            case CART -> new FlowEndpoint(ip, port, "shop", "", "", "cart");
            default -> FlowEndpoint.ofAddress(ip, port);
        };
        ServiceMap map = fixtureMap(List.of(), namer);
        MapEdge cart = edge(map, "shop/frontend → svc shop/cart · http");
        assertThat(cart.requestsFilter()).isEqualTo("from-workload=shop/frontend to-svc=shop/cart protocol=http");
        MapEdge dns = edge(map, "shop/frontend → 10.96.0.10 · dns");
        assertThat(dns.requestsFilter()).isEqualTo("from-workload=shop/frontend to-ip=10.96.0.10 protocol=dns");

        List<RequestRow> rows = RequestRows.of(RequestFixtures.requests(), namer);
        assertThat(rows.stream().filter(parse(cart.requestsFilter())).map(RequestRow::status).toList())
                .containsExactlyInAnyOrder("200", "404", "500");
        assertThat(rows.stream().filter(parse(dns.requestsFilter())).map(RequestRow::status).toList())
                .containsExactly("NXDOMAIN");
    }

    @Test
    void pastTheCapTheQuietestWorkloadsFoldIntoOther() {
        // 150 clients call one server; client i makes i + 1 exchanges.
        List<SensorEvent> stats = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            stats.add(stats(new byte[] {10, 1, (byte) (i / 256), (byte) (i % 256)}, new byte[] {10, 9, 0, 1}, i + 1));
        }
        ServiceMap map = ServiceMapBuilder.build(List.of(), stats, List.of(), EndpointNamer.ADDRESSES_ONLY, 100);
        assertThat(map.nodes()).hasSize(101);
        assertThat(map.foldedWorkloads()).as("151 workloads, 100 drawn").isEqualTo(51);
        MapNode other = map.nodes().getLast();
        assertThat(other.id()).isEqualTo(ServiceMap.OTHER);
        assertThat(other.folded()).isEqualTo(51);
        // The server (11,325 exchanges) and the 99 busiest clients (52 … 150) stay; clients 1 … 51 fold.
        assertThat(map.nodes().getFirst().id()).isEqualTo("10.9.0.1");
        assertThat(other.exchanges()).isEqualTo(51 * 52 / 2);
        assertThat(map.edges()).hasSize(100);
        MapEdge folded = edge(map, "other → 10.9.0.1 · http");
        assertThat(folded.stats().count()).isEqualTo(51 * 52 / 2);
        assertThat(folded.requestsFilter()).as("the folded side has no filter term").isEqualTo("to-ip=10.9.0.1 protocol=http");
        assertThat(map.nodes()).extracting(MapNode::id).doesNotContain("10.1.0.50").contains("10.1.0.51");
    }

    @Test
    void healthThresholds() {
        assertThat(Health.of(5.0, 1e6, false, 5, 0)).isEqualTo(Health.FAILING);
        assertThat(Health.of(4.9, 1e6, false, 49, 0)).isEqualTo(Health.DEGRADED);
        assertThat(Health.of(1.0, 1e6, false, 1, 0)).isEqualTo(Health.DEGRADED);
        assertThat(Health.of(0.9, 499e6, false, 9, 0)).isEqualTo(Health.OK);
        assertThat(Health.of(0, 500e6, false, 0, 0)).as("p99 of 500 ms").isEqualTo(Health.DEGRADED);
        assertThat(Health.of(0, 1e6, false, 0, 1)).as("a drop or a DNS failure").isEqualTo(Health.DEGRADED);
        assertThat(Health.of(100, 1e6, true, 3, 0)).as("sampled: never failing").isEqualTo(Health.DEGRADED);
        assertThat(Health.of(0, 900e6, true, 0, 0)).as("sampled: slow ones are what is kept").isEqualTo(Health.OK);
    }

    private static java.util.function.Predicate<RequestRow> parse(String filter) {
        try {
            return RequestFilter.parse(filter);
        } catch (Exception e) {
            throw new AssertionError(filter, e);
        }
    }

    private static SensorEvent dns(int port, int rcode, String name) {
        Request r = Request.newBuilder().setProtocol(AppProtocol.APP_PROTOCOL_DNS).setLatencyNs(500_000)
                .setError(rcode != 0).setStartNs(RequestFixtures.START_NS)
                .setTuple(tuple(ip(FRONTEND), port, RequestFixtures.DNS, 53).toBuilder()
                        .setProtocol(L4Protocol.L4_PROTOCOL_UDP))
                .setDns(DnsRequest.newBuilder().setId(port).setQueryName("x.shop").setQueryTypeName("A")
                        .setRcode(rcode).setRcodeName(name))
                .build();
        return SensorEvent.newBuilder().setNode(RequestFixtures.NODE).setRequest(r).build();
    }

    private static SensorEvent drop(String src, int srcPort, String dst, int dstPort, long packets) {
        return SensorEvent.newBuilder().setNode(RequestFixtures.NODE).setTimestampNs(RequestFixtures.START_NS)
                .setDrop(DropEvent.newBuilder().setReasonName("NETFILTER_DROP").setCount(packets)
                        .setTuple(tuple(ip(src), srcPort, ip(dst), dstPort)))
                .build();
    }

    private static SensorEvent stats(byte[] client, byte[] server, long count) {
        return SensorEvent.newBuilder().setNode(RequestFixtures.NODE)
                .setRequestStats(RequestStats.newBuilder().setProtocol(AppProtocol.APP_PROTOCOL_HTTP1)
                        .setClientAddr(ByteString.copyFrom(client)).setServerAddr(ByteString.copyFrom(server))
                        .setServerPort(80).setMethod("GET").setRoute("/").setStatusClass("2xx").setCount(count)
                        .addAllLog2Buckets(List.of(0L, count))
                        .setIntervalStartNs(RequestFixtures.START_NS)
                        .setIntervalEndNs(RequestFixtures.START_NS + 1_000_000_000L))
                .build();
    }

    private static byte[] ip(String dotted) {
        String[] parts = dotted.split("\\.");
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) Integer.parseInt(parts[i]);
        }
        return b;
    }

    private static FiveTuple tuple(byte[] src, int srcPort, byte[] dst, int dstPort) {
        return FiveTuple.newBuilder().setSrcAddr(ByteString.copyFrom(src)).setSrcPort(srcPort)
                .setDstAddr(ByteString.copyFrom(dst)).setDstPort(dstPort).setProtocol(L4Protocol.L4_PROTOCOL_TCP)
                .build();
    }

}
