package dev.nightjar.desktop.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.flows.FlowFilter;
import dev.nightjar.desktop.flows.FlowRow;
import dev.nightjar.desktop.flows.FlowTable;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.bundle.BundleReader;
import dev.nightjar.protocol.bundle.Manifest;
import dev.nightjar.protocol.v1.SensorEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The demo capture as it shipped before flows had a role (frozen in protocol's test
 * resources), opened today: every flow goes client -> server, once per connection.
 */
class LegacyFlowsTest {

    /** The bundle as the 2026-12 demo shipped it, recorded by a sensor without roles. */
    static final Path OLD_DEMO = Path.of("..", "protocol", "src", "test", "resources", "bundles",
            "shop-demo-2026-12.njcap");

    private record Opened(List<FlowRow> rows, List<SensorEvent> drops, EndpointNamer namer) {
    }

    private static Opened opened() throws Exception {
        CaptureStore store = new CaptureStore(StoreLimits.defaults());
        BundleImport imported = BundleImport.into(OLD_DEMO, store);
        assertThat(imported.problems()).isEmpty();
        List<SensorEvent> drops = new ArrayList<>();
        store.nodeNames().forEach(n -> store.node(n).ifPresent(c -> drops.addAll(c.events(PayloadKind.DROP))));
        return new Opened(rows(store, imported.namer()), drops, imported.namer());
    }

    /** The same bundle read without the correction, as the desktop showed it before. */
    private static List<FlowRow> asRecorded(EndpointNamer namer) throws Exception {
        CaptureStore store = new CaptureStore(StoreLimits.defaults());
        try (BundleReader reader = BundleReader.open(OLD_DEMO)) {
            for (Manifest.Node node : reader.manifest().nodes()) {
                reader.replay(node.index(), store::accept);
            }
        }
        return rows(store, namer);
    }

    private static List<FlowRow> rows(CaptureStore store, EndpointNamer namer) {
        List<SensorEvent> flows = new ArrayList<>();
        store.nodeNames().forEach(n -> store.node(n).ifPresent(c -> flows.addAll(c.events(PayloadKind.FLOW))));
        flows.sort(java.util.Comparator.comparingLong(SensorEvent::getTimestampNs));
        return FlowTable.at(flows, Long.MAX_VALUE, namer);
    }

    /** ip:port of every endpoint something connected to: the servers. */
    private static Set<String> servers(List<FlowRow> rows) {
        return rows.stream().map(r -> r.destination().ip() + ":" + r.destination().port()).collect(Collectors.toSet());
    }

    @Test
    void everyFlowOfTheOldDemoGoesFromItsClientToAServerPort() throws Exception {
        Opened opened = opened();
        List<FlowRow> rows = opened.rows();
        assertThat(rows).isNotEmpty();
        Set<String> servers = servers(rows);
        assertThat(servers).as("the shop's services").contains("10.77.0.11:8080", "10.77.0.12:9090");
        assertThat(rows).as("no flow starts at a server's listening port").allSatisfy(r -> {
            assertThat(servers).doesNotContain(r.source().ip() + ":" + r.source().port());
            assertThat(r.destination().port()).isNotZero();
        });
        // The sensor lost the port of a connect that failed; the drop record of its SYN kept it.
        assertThat(rows.stream().filter(r -> r.source().port() == 0))
                .as("port 0 only where the capture holds no drop of the SYN (it ended first)")
                .allSatisfy(r -> assertThat(opened.drops()).noneSatisfy(d -> {
                    assertThat(d.getDrop().getTuple().getDstPort()).isEqualTo(r.destination().port());
                    assertThat(d.getDrop().getFirstSeenNs()).isBetween(r.firstSeenNs() - 100_000_000L,
                            r.lastSeenNs() + 100_000_000L);
                }));
        assertThat(rows.stream().filter(r -> r.source().port() == 0).count())
                .as("ports recovered from the drops").isLessThan(
                        asRecorded(opened.namer()).stream().filter(r -> r.source().port() == 0).count() / 2);
        // As recorded, flows of server sockets seen mid-life pointed at the clients' ports.
        List<FlowRow> before = asRecorded(opened.namer());
        assertThat(before.stream().filter(r -> servers.contains(r.source().ip() + ":" + r.source().port())))
                .as("the bundle does have backward flows to correct").isNotEmpty();
    }

    @Test
    void aConnectionBetweenTwoPodsOfTheNodeIsOneFlowWithBothProcesses() throws Exception {
        List<FlowRow> rows = opened().rows();
        assertThat(rows.stream().collect(Collectors.groupingBy(r -> r.node() + " " + r.source().label() + " "
                + r.destination().label() + " " + r.firstSeenNs(), Collectors.counting())).values())
                .as("one flow per connection").allSatisfy(n -> assertThat(n).isEqualTo(1));
        assertThat(rows).as("frontend's connections to cart, both sockets on worker-1")
                .filteredOn(r -> r.source().pod().startsWith("frontend-") && r.destination().port() == 8080)
                .isNotEmpty()
                .anySatisfy(r -> {
                    assertThat(r.role()).isEqualTo("both");
                    assertThat(r.clientPid()).isPositive();
                    assertThat(r.serverProcessPid()).isPositive().isNotEqualTo(r.clientPid());
                });
    }

    @Test
    void fromPodCartMatchesOnlyConnectionsCartOpened() throws Exception {
        Opened opened = opened();
        List<FlowRow> cart = opened.rows().stream().filter(FlowFilter.parse("from-pod=shop/cart-*")).toList();
        assertThat(cart).isNotEmpty().allSatisfy(r -> {
            assertThat(r.source().pod()).startsWith("cart-");
            assertThat(r.source().port()).as("not cart's listening port: frontend opened those").isNotEqualTo(8080);
            assertThat(r.destination().pod()).startsWith("payments-");
        });
        List<FlowRow> before = asRecorded(opened.namer()).stream().filter(FlowFilter.parse("from-pod=shop/cart-*"))
                .toList();
        assertThat(before).as("before: connections frontend opened to cart matched too")
                .anySatisfy(r -> assertThat(r.source().port()).isEqualTo(8080));
    }
}
