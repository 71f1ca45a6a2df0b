package dev.nightjar.desktop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.cluster.ClusterSnapshot;
import dev.nightjar.desktop.cluster.EndpointIndex;
import dev.nightjar.desktop.flows.FlowRow;
import dev.nightjar.desktop.lab.ShopCluster;
import dev.nightjar.desktop.lab.ShopLab;
import dev.nightjar.desktop.profile.FlameLayout;
import dev.nightjar.desktop.profile.FlameTree;
import dev.nightjar.desktop.stream.LocalSensor;
import dev.nightjar.desktop.stream.SensorStream;
import dev.nightjar.desktop.syscalls.ProcessLane;
import dev.nightjar.desktop.ui.profile.FlameCanvas;
import dev.nightjar.desktop.ui.shell.ShellView;
import dev.nightjar.desktop.ui.workbench.CaptureSource;
import dev.nightjar.desktop.ui.workbench.WorkbenchPage;
import dev.nightjar.desktop.ui.workbench.WorkbenchView;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.testing.KernelTest;
import dev.nightjar.testing.Requires;
import dev.nightjar.testing.UiTest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The whole path, headless: the real sensor on this machine's kernel watches the shop lab
 * (three services in network namespaces), its stream lands in the store, and the real
 * workbench shows it — flows a filter narrows, the egress drop under its reason with the
 * explanation and the NetworkPolicy behind it, the payments service's hot function in the
 * flame graph (and zooming into it), and the slow pipe read as a span. Root only; must run
 * under CI.
 */
@ExtendWith(ApplicationExtension.class)
@KernelTest
@UiTest
class ShopLabWorkbenchTest {

    private static final String NODE = "lab-node";
    private static final Duration WAIT = Duration.ofSeconds(40);

    private static ShopLab lab;
    private static LocalSensor sensor;
    private static SensorStream stream;
    private static CaptureStore store;
    private static ClusterSnapshot cluster;
    private WorkbenchViewModel vm;

    @BeforeAll
    static void startLabAndSensor() throws Exception {
        Requires.root("start a sensor (it loads eBPF programs)");
        Path jar = Requires.sensorJar();
        lab = ShopLab.start(Duration.ofSeconds(120));
        sensor = LocalSensor.start(jar, Path.of(System.getProperty("java.home")), List.of("--node-name", NODE));
        store = new CaptureStore(StoreLimits.defaults());
        stream = new SensorStream(sensor::address, sensor.token(), lab.subscription(), store, state -> { },
                Clock.systemUTC());
        stream.start();
        cluster = ShopCluster.of(lab, NODE, "10.0.0.21");
        // Stacks are flushed once a second: wait until the first intervals of each kind are in.
        awaitStore(() -> store.node(NODE).map(n -> n.size(PayloadKind.STACKS) >= 3 && n.size(PayloadKind.DROP) > 0
                && n.size(PayloadKind.SYSCALL_SPAN) > 0 && n.size(PayloadKind.FLOW) > 0).orElse(false),
                "flows, drops, syscall spans and stacks from the sensor");
    }

    @AfterAll
    static void stopLabAndSensor() throws Exception {
        try {
            if (stream != null) {
                stream.close();
            }
            if (sensor != null) {
                sensor.close();
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
    }

    @Start
    void start(Stage stage) {
        vm = new WorkbenchViewModel(store, new CaptureSource(true, "shop lab", ""), EndpointIndex.of(cluster),
                Platform::runLater);
        vm.usePolicies(() -> cluster);
        Scene scene = new Scene(new WorkbenchView(vm, () -> { }, () -> { }), 1280, 720);
        ShellView.applyStyles(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void flowsBetweenTheShopsPodsAppearAndAFilterNarrowsThem(FxRobot robot) throws Exception {
        robot.clickOn("#nav-flows");
        TableView<?> table = robot.lookup("#flows-table").queryAs(TableView.class);
        await(() -> vm.flows().rows().stream().anyMatch(r -> r.source().pod().startsWith("frontend-")
                && r.destination().pod().startsWith("cart-") && r.destination().port() == 8080), "frontend → cart flows");
        robot.press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
        robot.write("to-port=9090 from-pod=shop/cart-*");
        WaitForAsyncUtils.waitForFxEvents();
        await(() -> !table.getItems().isEmpty(), "cart → payments rows after filtering");
        assertThat(onFx(() -> List.copyOf(vm.flows().rows()))).allSatisfy((FlowRow r) -> {
            assertThat(r.destination().port()).isEqualTo(9090);
            assertThat(r.source().pod()).startsWith("cart-");
        });
        assertThat(onFx(() -> vm.flows().totalFlowsProperty().get() > table.getItems().size())).isTrue();
    }

    @Test
    void theEgressDropAppearsUnderItsReasonWithTheExplanationAndThePolicy(FxRobot robot) throws Exception {
        robot.clickOn("#nav-drops");
        await(() -> vm.drops().groups().stream().anyMatch(g -> g.reason().name().equals("NETFILTER_DROP")),
                "a NETFILTER_DROP group");
        ListView<?> reasons = robot.lookup("#drop-reasons").queryAs(ListView.class);
        robot.interact(() -> vm.drops().selectedProperty().set(vm.drops().groups().stream()
                .filter(g -> g.reason().name().equals("NETFILTER_DROP")).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(onFx(() -> reasons.getItems().isEmpty())).isFalse();
        assertThat(robot.lookup("#drop-explanation").queryAs(Label.class).getText()).contains("netfilter");
        assertThat(robot.lookup("#drop-policy").queryAs(Label.class).getText())
                .contains("shop/frontend-egress", "TCP 9090");
        assertThat(onFx(() -> vm.drops().selectedProperty().get().tuples()))
                .anySatisfy(t -> assertThat(t.destination().pod()).startsWith("payments-"));
    }

    @Test
    void aConnectionTheEgressRuleDroppedIsADroppedFlowWithItsRealPortThatLeadsToItsDrops(FxRobot robot)
            throws Exception {
        robot.clickOn("#nav-flows");
        robot.interact(() -> vm.flows().filterTextProperty().set("verdict=DROPPED"));
        await(() -> vm.flows().rows().stream().anyMatch(r -> r.source().pod().startsWith("frontend-")
                && r.destination().port() == 9090), "a DROPPED flow from frontend to payments:9090");
        FlowRow dropped = onFx(() -> vm.flows().rows().stream().filter(r -> r.source().pod().startsWith("frontend-")
                && r.destination().port() == 9090).findFirst().orElseThrow());
        assertThat(dropped.verdict()).isEqualTo("DROPPED");
        assertThat(dropped.dropReason()).isEqualTo("NETFILTER_DROP");
        assertThat(dropped.role()).as("payments never answered").isEqualTo("client");
        assertThat(dropped.destination().pod()).startsWith("payments-");
        assertThat(dropped.source().port()).as("the port the kernel chose for the SYN, not 0").isNotZero();

        robot.interact(() -> vm.flows().showDrops(dropped));
        assertThat(onFx(() -> vm.pageProperty().get())).isEqualTo(WorkbenchPage.DROPS);
        assertThat(onFx(() -> vm.drops().selectedProperty().get().reason().name())).isEqualTo("NETFILTER_DROP");
        assertThat(onFx(() -> List.copyOf(vm.drops().tuples()))).as("the drops of this flow's own SYN")
                .singleElement().satisfies(t -> {
                    assertThat(t.source().port()).isEqualTo(dropped.source().port());
                    assertThat(t.destination().port()).isEqualTo(9090);
                });
    }

    @Test
    void thePaymentsHotFunctionIsInTheFlameGraphAndClickingItZoomsIn(FxRobot robot) throws Exception {
        robot.clickOn("#nav-flame_graph");
        await(() -> find(vm.flameGraph().treeProperty().get(), "risk_model_eval") > 0, "risk_model_eval in the tree");
        // A live tree is rebuilt as samples arrive (its node numbers with it): read the node from
        // the tree the canvas drew.
        FlameCanvas canvas = robot.lookup("#flame-canvas").queryAs(FlameCanvas.class);
        FlameLayout layout = onFx(canvas::currentLayout);
        FlameTree tree = layout.tree();
        int hot = find(tree, "risk_model_eval");
        assertThat(tree.pathOf(hot)).containsSubsequence("payments_authorize", "fraud_score_transaction",
                "risk_model_eval");
        int index = layout.indexOf(hot);
        assertThat(index).as("risk_model_eval is wide enough to draw").isNotNegative();

        robot.clickOn(canvas.screenCenterOf(index));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(onFx(() -> List.copyOf(vm.flameGraph().zoomPath()))).endsWith("risk_model_eval");
        FlameLayout zoomed = onFx(canvas::currentLayout);
        assertThat(zoomed.width(zoomed.indexOf(find(zoomed.tree(), "risk_model_eval"))))
                .isEqualTo(onFx(canvas::getWidth));
    }

    @Test
    void theSlowPipeReadOfPaymentsIsASpanInItsPodsLane(FxRobot robot) throws Exception {
        robot.clickOn("#nav-syscalls");
        await(() -> vm.syscalls().timelineProperty().get() != null && vm.syscalls().timelineProperty().get().groups()
                .stream().anyMatch(g -> g.label().contains("shop/payments-") && g.lanes().stream()
                        .flatMap((ProcessLane l) -> l.spans().stream())
                        .anyMatch(s -> s.syscall().equals("read") && s.durationNs() > 5_000_000L
                                && s.durationNs() < 200_000_000L)),
                "payments' ~8 ms read(2) in the shop/payments pod's lane");
    }

    private static int find(FlameTree tree, String name) {
        for (int node = 0; node < tree.size(); node++) {
            if (tree.name(node).equals(name)) {
                return node;
            }
        }
        return -1;
    }

    /** Before the FX toolkit is up: polls the store only. */
    private static void awaitStore(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + WAIT.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    /** The view models' lists change on the FX thread: read them there. */
    private static void await(BooleanSupplier condition, String what) throws TimeoutException {
        WaitForAsyncUtils.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS, () -> onFx(condition::getAsBoolean));
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("reading the view on the FX thread failed", e);
        }
    }
}
