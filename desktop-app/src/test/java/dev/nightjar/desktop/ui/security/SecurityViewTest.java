package dev.nightjar.desktop.ui.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.bundle.BundleImport;
import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.security.SecurityRow;
import dev.nightjar.desktop.testing.SecurityFixtures;
import dev.nightjar.desktop.ui.util.VerdictCell;
import dev.nightjar.desktop.ui.util.ViewExecutors;
import dev.nightjar.desktop.ui.workbench.CaptureSource;
import dev.nightjar.desktop.ui.workbench.Screenshots;
import dev.nightjar.desktop.ui.workbench.WorkbenchPage;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import dev.nightjar.desktop.ui.workbench.WorkbenchWindow;
import dev.nightjar.testing.UiTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Security page on a real stage, with security events replayed from a bundle written by the
 * real writer (its cluster snapshot naming the pod) and the app's background refresh thread: the
 * kernel-path open is on the page in red with its pod, selecting it shows its process tree and
 * stacks, the filter narrows to it, and "Show its syscalls" filters the Syscalls page to its pid.
 */
@ExtendWith(ApplicationExtension.class)
@UiTest
class SecurityViewTest {

    private WorkbenchViewModel vm;

    @Start
    void start(Stage stage) throws Exception {
        Path dir = Files.createTempDirectory("security-view");
        CaptureStore store = new CaptureStore(StoreLimits.defaults());
        BundleImport imported = BundleImport.into(SecurityFixtures.bundle(dir.resolve("security.njcap")), store);
        vm = new WorkbenchViewModel(store, new CaptureSource(false, "security.njcap", ""), imported.namer(),
                ViewExecutors.withRefreshThread(Platform::runLater));
        WorkbenchWindow.show(stage, vm, 1280, 760);
    }

    @AfterEach
    void close() {
        Platform.runLater(() -> vm.close());
    }

    /** The shown severity cells in red (the table keeps spare cells out of sight: those are not counted). */
    private static List<String> criticalCells(FxRobot robot) {
        return robot.lookup("#security-table .table-cell").queryAllAs(TableCell.class).stream()
                .<TableCell<?, ?>>map(c -> c)
                .filter(c -> !c.isEmpty() && c.isVisible() && c.getTableRow() != null && c.getTableRow().isVisible()
                        && !c.getTableRow().isEmpty())
                .filter(c -> c.getPseudoClassStates().contains(VerdictCell.FAILED))
                .map(TableCell::getText).toList();
    }

    @Test
    void theKernelPathOpenShowsItsProcessTreeAndLeadsToItsSyscalls(FxRobot robot) throws Exception {
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT7).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.pageProperty().get()).as("Ctrl+7").isEqualTo(WorkbenchPage.SECURITY);
        TableView<?> table = robot.lookup("#security-table").queryAs(TableView.class);
        WorkbenchWindow.await(() -> table.getItems().size() == 4 && criticalCells(robot).size() == 2);
        assertThat(criticalCells(robot)).as("critical, in red").containsExactly("critical", "critical");
        assertThat(robot.lookup("#security-tally").queryAs(Label.class).getText())
                .isEqualTo("2 critical · 1 warning · 1,990 more suppressed by the rate limit");

        SecurityRow open = (SecurityRow) table.getItems().getLast();
        assertThat(open.pod()).as("named from the bundle's cluster snapshot").isEqualTo("shop/cart-0");
        robot.interact(() -> table.getSelectionModel().select(3));
        assertThat(robot.lookup("#security-detail").queryAs(TextArea.class).getText())
                .contains("What:        /proc/sys/kernel/hostname")
                .contains("  bash (4100)  uid 1000  /bin/bash\n"
                        + "  └─ sh (4240)  uid 1000  /bin/sh -c \"cat /proc/sys/kernel/hostname\"\n"
                        + "     └─ cat (4242)  uid 1000  /usr/bin/cat /proc/sys/kernel/hostname   ◀ this event")
                .contains("  do_sys_openat2+0x5\n");
        Screenshots.save(table.getScene(), "security-page.png");
        boolean choiceShown = true;
        for (javafx.scene.Node n = robot.lookup("#security-choice").query(); n != null; n = n.getParent()) {
            choiceShown &= n.isVisible();
        }
        assertThat(choiceShown).as("a bundle's policies are the recorded ones: no choice offered").isFalse();

        robot.press(KeyCode.CONTROL).type(KeyCode.F).release(KeyCode.CONTROL);
        robot.write("severity=critical pod=cart-0");
        WorkbenchWindow.await(() -> table.getItems().size() == 1);
        assertThat(((SecurityRow) table.getItems().getFirst()).what()).isEqualTo("/proc/sys/kernel/hostname");
        assertThat(robot.lookup("#security-count").queryAs(Label.class).getText()).isEqualTo("1 of 4 events");

        robot.write(" severity=high");
        WorkbenchWindow.await(() -> !robot.lookup("#security-filter-error").queryAs(Label.class).getText().isEmpty());
        assertThat(robot.lookup("#security-filter-error").queryAs(Label.class).getText())
                .isEqualTo("unknown severity 'high'; use one of: critical, warning, info (at character 39)");

        robot.interact(() -> vm.security().filterTextProperty().set("severity=critical pod=cart-0"));
        WorkbenchWindow.await(() -> table.getItems().size() == 1);
        robot.interact(() -> table.getSelectionModel().select(0));
        robot.clickOn("#security-detail-syscalls");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.pageProperty().get()).as("Show its syscalls").isEqualTo(WorkbenchPage.SYSCALLS);
        assertThat(vm.syscalls().filterTextProperty().get()).isEqualTo("node=worker-1 pid=4242");
    }
}
