package dev.nightjar.desktop.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.bundle.BundleImport;
import dev.nightjar.desktop.bundle.DemoCapture;
import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.drops.DropGroup;
import dev.nightjar.desktop.flows.FlowRow;
import dev.nightjar.desktop.profile.FlameTree;
import dev.nightjar.desktop.requests.RequestRow;
import dev.nightjar.desktop.servicemap.Health;
import dev.nightjar.desktop.servicemap.MapEdge;
import dev.nightjar.desktop.servicemap.ServiceMap;
import dev.nightjar.desktop.syscalls.ProcessLane;
import dev.nightjar.desktop.ui.workbench.CaptureSource;
import dev.nightjar.desktop.ui.workbench.WorkbenchPage;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The demo capture that ships in the jar is whole, small, and fills every view with the
 * shop lab's real data, named as the pods of namespace shop (and kube-system's DNS).
 */
class DemoCaptureTest {

    private final Queue<Runnable> ui = new ArrayDeque<>();

    private void pulse() {
        Runnable r;
        while ((r = ui.poll()) != null) {
            r.run();
        }
    }

    @Test
    void theShippedDemoOpensWholeAndEveryViewHasTheShopsData() throws Exception {
        Path demo = DemoCapture.extract().orElseThrow(() -> new AssertionError("the build has no demo capture"));
        assertThat(Files.size(demo)).as("demo size").isLessThan(2L << 20);
        CaptureStore store = new CaptureStore(StoreLimits.defaults());
        BundleImport imported = BundleImport.into(demo, store);
        assertThat(imported.problems()).isEmpty();
        assertThat(imported.clusterSnapshot()).as("Kubernetes snapshot").isNotNull();

        try (WorkbenchViewModel vm = new WorkbenchViewModel(store, new CaptureSource(false, "demo", ""),
                imported.namer(), ui::add)) {
            vm.pageProperty().set(WorkbenchPage.FLOWS);
            pulse();
            assertThat(vm.flows().rows()).anySatisfy(r -> {
                assertThat(r.source().pod()).startsWith("frontend-");
                assertThat(r.destination().pod()).startsWith("cart-");
                assertThat(r.destination().namespace()).isEqualTo("shop");
                assertThat(r.destination().workload()).isEqualTo("cart");
            });
            vm.flows().filterTextProperty().set("to-port=9090");
            pulse();
            assertThat(vm.flows().rows()).isNotEmpty().allSatisfy(r ->
                    assertThat(r.destination().port()).isEqualTo(9090));

            // Every flow goes client -> server: none starts at a service's listening port, and a
            // single connection always has the client's real port (0 only stands for the several
            // ports of an aggregate of short connections).
            vm.flows().filterTextProperty().set("");
            pulse();
            List<FlowRow> all = List.copyOf(vm.flows().rows());
            Set<String> listening = all.stream().map(r -> r.destination().ip() + ":" + r.destination().port())
                    .collect(Collectors.toSet());
            assertThat(listening).contains("10.77.0.11:8080", "10.77.0.12:9090");
            assertThat(all).allSatisfy(r -> {
                assertThat(listening).doesNotContain(r.source().ip() + ":" + r.source().port());
                if (r.connections() == 1) {
                    assertThat(r.source().port()).as("%s", r).isNotZero();
                }
            });
            assertThat(all).as("both sockets of a connection between pods of the node: one flow, both processes")
                    .filteredOn(r -> r.destination().port() == 8080 && r.verdict().equals("CLOSED"))
                    .isNotEmpty().allSatisfy(r -> {
                        assertThat(r.role()).isEqualTo("both");
                        assertThat(r.clientPid()).isPositive();
                        assertThat(r.serverProcessPid()).isPositive().isNotEqualTo(r.clientPid());
                    });
            assertThat(all).as("a closed port refuses").anySatisfy(r -> {
                assertThat(r.destination().port()).isEqualTo(8081);
                assertThat(r.verdict()).isEqualTo("REFUSED");
            });

            vm.flows().filterTextProperty().set("from-pod=shop/cart-*");
            pulse();
            assertThat(vm.flows().rows()).as("only connections cart opened").isNotEmpty().allSatisfy(r -> {
                assertThat(r.source().pod()).startsWith("cart-");
                assertThat(r.destination().pod()).startsWith("payments-");
            });

            // The egress policy's drops: the flows say DROPPED, with the reason and the real port.
            vm.flows().filterTextProperty().set("verdict=DROPPED");
            pulse();
            FlowRow dropped = vm.flows().rows().getFirst();
            assertThat(vm.flows().rows()).allSatisfy(r -> {
                assertThat(r.dropReason()).isEqualTo("NETFILTER_DROP");
                assertThat(r.source().pod()).startsWith("frontend-");
                assertThat(r.destination().port()).isEqualTo(9090);
                assertThat(r.source().port()).isNotZero();
            });
            vm.flows().groupedProperty().set(true);
            assertThat(vm.flows().groups().stream().mapToLong(g -> g.connections()).sum())
                    .isEqualTo(vm.flows().rows().stream().mapToLong(FlowRow::connections).sum());
            vm.flows().showDrops(dropped);
            pulse();
            assertThat(vm.pageProperty().get()).isEqualTo(WorkbenchPage.DROPS);
            assertThat(vm.drops().selectedProperty().get().reason().name()).isEqualTo("NETFILTER_DROP");
            assertThat(vm.drops().tuples()).as("the dropped flow's own drop").singleElement()
                    .satisfies(t -> assertThat(t.source().port()).isEqualTo(dropped.source().port()));
            vm.drops().clearFocus();
            vm.pageProperty().set(WorkbenchPage.FLOWS);
            vm.flows().filterTextProperty().set("");
            pulse();

            vm.pageProperty().set(WorkbenchPage.DROPS);
            pulse();
            DropGroup netfilter = vm.drops().groups().stream()
                    .filter(g -> g.reason().name().equals("NETFILTER_DROP")).findFirst().orElseThrow();
            assertThat(netfilter.reason().explanation()).isNotBlank();
            assertThat(netfilter.tuples()).anySatisfy(t -> assertThat(t.destination().port()).isEqualTo(9090));
            vm.usePolicies(imported::clusterSnapshot);
            pulse(); // policies are evaluated with the groups, in the page's refresh
            vm.drops().selectedProperty().set(netfilter);
            assertThat(vm.drops().policyDiagnosisProperty().get())
                    .startsWith("Likely blocked by NetworkPolicy shop/frontend-egress: no egress rule admits")
                    .contains("TCP 9090");

            vm.pageProperty().set(WorkbenchPage.SYSCALLS);
            vm.syscalls().setShown(true);
            pulse();
            // payments waits about 8 ms on its ledger pipe: a slow read(2) span in its pod's lane
            assertThat(vm.syscalls().timelineProperty().get().groups()).anySatisfy(g -> {
                assertThat(g.label()).contains("shop/payments-");
                assertThat(g.lanes()).flatExtracting(ProcessLane::spans).anySatisfy(span -> {
                    assertThat(span.syscall()).isEqualTo("read");
                    assertThat(span.durationNs()).isGreaterThan(5_000_000L);
                });
            });
            // cart opens a missing file on every request: counted as errors
            assertThat(vm.syscalls().stats()).filteredOn(s -> s.syscall().equals("openat"))
                    .singleElement().satisfies(s -> assertThat(s.errors()).isPositive());

            vm.pageProperty().set(WorkbenchPage.FLAME_GRAPH);
            pulse();
            FlameTree tree = vm.flameGraph().treeProperty().get();
            boolean named = false;
            for (int node = 0; node < tree.size(); node++) {
                named |= tree.name(node).equals("risk_model_eval");
            }
            assertThat(named).as("the payments service's hot function is named in the flame graph").isTrue();
            assertThat(vm.flameGraph().containerChoices()).anySatisfy(c ->
                    assertThat(c.toString()).contains("pod shop/payments-"));
        }
    }

    /**
     * The shop's L7 traffic: cart's checkout answers 500 when payments' Authorize is UNAVAILABLE,
     * a retired service is NXDOMAIN, a retried payment breaks orders-db's unique key, and
     * recommendations are slow. The 5xx filter leaves exactly the 500s, and the service map's
     * frontend → cart edge carries their error rate and leads back to them.
     */
    @Test
    void theDemosRequestsCoverEveryProtocolAndTheMapLeadsToTheFailures() throws Exception {
        Path demo = DemoCapture.extract().orElseThrow(() -> new AssertionError("the build has no demo capture"));
        CaptureStore store = new CaptureStore(StoreLimits.defaults());
        BundleImport imported = BundleImport.into(demo, store);
        try (WorkbenchViewModel vm = new WorkbenchViewModel(store, new CaptureSource(false, "demo", ""),
                imported.namer(), ui::add)) {
            vm.pageProperty().set(WorkbenchPage.REQUESTS);
            vm.requests().setShown(true);
            pulse();
            List<RequestRow> all = List.copyOf(vm.requests().rows());
            List<RequestRow> fiveHundreds = all.stream().filter(r -> r.httpStatus() == 500).toList();
            assertThat(fiveHundreds).as("cart's failed checkouts").isNotEmpty().allSatisfy(r -> {
                assertThat(r.protocol() + " " + r.method() + " " + r.target()).isEqualTo("http POST /checkout");
                assertThat(r.source().pod()).startsWith("frontend-");
                assertThat(r.destination().pod()).startsWith("cart-");
                assertThat(r.error()).isTrue();
            });
            assertThat(all).as("gRPC: payments' Authorize unavailable").anySatisfy(r -> {
                assertThat(r.protocol()).isEqualTo("grpc");
                assertThat(r.target()).isEqualTo("/shop.payments.v1.Payments/Authorize");
                assertThat(r.status()).isEqualTo("UNAVAILABLE");
                assertThat(r.request().getHttp().getGrpcMessage()).isEqualTo("ledger replica lagging; retry later");
                assertThat(r.source().workload() + " → " + r.destination().workload()).isEqualTo("cart → payments");
            });
            assertThat(all).as("DNS: the retired reviews service").anySatisfy(r -> {
                assertThat(r.protocol()).isEqualTo("dns");
                assertThat(r.target()).isEqualTo("reviews.shop.svc.cluster.local");
                assertThat(r.status()).isEqualTo("NXDOMAIN");
                assertThat(r.destination().namespace() + "/" + r.destination().service()).isEqualTo("kube-system/kube-dns");
            });
            assertThat(all).as("PostgreSQL: a retried payment refused by the unique key").anySatisfy(r -> {
                assertThat(r.protocol()).isEqualTo("postgres");
                assertThat(r.target()).startsWith("INSERT INTO payments").contains("VALUES (?, ?, ?)");
                assertThat(r.status()).isEqualTo("23505");
                assertThat(r.destination().pod()).isEqualTo("orders-db-0");
                assertThat(r.source().workload()).isEqualTo("payments");
            });
            assertThat(all).as("PostgreSQL: reads that succeed").anySatisfy(r -> {
                assertThat(r.target()).isEqualTo("SELECT balance_cents FROM wallets WHERE account_id = ?");
                assertThat(r.error()).isFalse();
            });

            vm.requests().filterTextProperty().set("http-status=5xx");
            pulse();
            assertThat(vm.requests().filterErrorProperty().get()).isEmpty();
            assertThat(vm.requests().rows()).as("exactly the 500s").containsExactlyInAnyOrderElementsOf(fiveHundreds);
            vm.requests().filterTextProperty().set("min-latency=200ms");
            pulse();
            assertThat(vm.requests().rows()).as("the slow route").isNotEmpty().allSatisfy(r ->
                    assertThat(r.method() + " " + r.target()).isEqualTo("GET /recommendations?user=?"));
            vm.requests().filterTextProperty().set("");
            pulse();

            vm.pageProperty().set(WorkbenchPage.SERVICE_MAP);
            vm.serviceMap().setShown(true);
            pulse();
            ServiceMap map = vm.serviceMap().mapProperty().get();
            MapEdge cart = map.edges().stream().filter(e -> e.key().equals("shop/frontend → shop/cart · http"))
                    .findFirst().orElseThrow(() -> new AssertionError("no frontend → cart edge in " + map.edges()));
            assertThat(cart.sampled()).as("rates from the sensor's stats").isFalse();
            assertThat(cart.stats().errors()).isGreaterThanOrEqualTo(fiveHundreds.size());
            assertThat(cart.errorPercent()).isBetween(1.0, 50.0);
            assertThat(cart.health()).isNotEqualTo(Health.OK);
            assertThat(map.edges()).extracting(MapEdge::key).contains("shop/cart → shop/payments · grpc",
                    "shop/payments → shop/orders-db · postgres", "shop/frontend → kube-system/coredns · dns");
            assertThat(map.edges()).filteredOn(e -> e.protocol().equals("dns")).singleElement()
                    .satisfies(e -> assertThat(e.nxdomain()).isPositive());

            vm.serviceMap().showRequests(cart);
            pulse();
            assertThat(vm.pageProperty().get()).isEqualTo(WorkbenchPage.REQUESTS);
            assertThat(vm.requests().filterTextProperty().get())
                    .isEqualTo("from-workload=shop/frontend to-workload=shop/cart protocol=http");
            assertThat(vm.requests().rows()).as("the edge's requests, its 500s among them")
                    .containsAll(fiveHundreds).allSatisfy(r -> {
                        assertThat(r.protocol()).isEqualTo("http");
                        assertThat(r.source().workload() + " → " + r.destination().workload()).isEqualTo("frontend → cart");
                    });
        }
    }
}
