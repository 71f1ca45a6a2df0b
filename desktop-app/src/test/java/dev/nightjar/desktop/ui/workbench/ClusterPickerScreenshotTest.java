package dev.nightjar.desktop.ui.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.syscalls.SyscallEvents;
import dev.nightjar.desktop.targets.TargetsByNode;
import dev.nightjar.desktop.ui.shell.ShellView;
import dev.nightjar.testing.UiTest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Syscalls page's target picker in a session over two nodes, in a real window: "whole node"
 * comes with a drop-down of the session's nodes, and the choice goes to the chosen node's sensor.
 * With {@code -Dnightjar.screenshots=DIR} it writes the picker as syscalls-target-picker-cluster.png.
 */
@UiTest
@ExtendWith(ApplicationExtension.class)
class ClusterPickerScreenshotTest {

    private final List<String> askedOn = new CopyOnWriteArrayList<>();
    private WorkbenchViewModel vm;

    @Start
    void start(Stage stage) {
        CaptureStore store = new CaptureStore(StoreLimits.uniform(1000, 8));
        store.accept(SyscallEvents.process("worker-1", 4242, "nginx", ""));
        store.accept(SyscallEvents.process("worker-1", 77, "postgres", ""));
        store.accept(SyscallEvents.process("worker-2", 5151, "redis-server", ""));
        vm = new WorkbenchViewModel(store, new CaptureSource(true, "kind-cluster · 2 nodes", ""),
                EndpointNamer.ADDRESSES_ONLY, Platform::runLater);
        vm.useRetargeter((node, next, done, failed) -> {
            askedOn.add(node);
            done.accept("subscribed again with the new choice");
        }, TargetsByNode.cluster(2));
        vm.pageProperty().set(WorkbenchPage.SYSCALLS);
        Scene scene = new Scene(new WorkbenchView(vm, () -> { }, () -> { }), 1280, 720);
        ShellView.applyStyles(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void wholeNodeAsksWhichNodeAndGoesToThatNodesSensor(FxRobot robot) throws Exception {
        robot.clickOn("#trace-choose");
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        ComboBox<String> node = robot.lookup("#trace-whole-node-on").queryAs(ComboBox.class);
        assertThat(node.isVisible()).as("a session over several nodes asks which").isTrue();
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS,
                () -> node.getItems().containsAll(List.of("worker-1", "worker-2")));
        robot.interact(() -> node.setValue("worker-2"));
        Screenshots.save(robot.window(0).getScene(), "syscalls-target-picker-cluster.png");

        robot.clickOn("#trace-whole-node");
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS, () -> !askedOn.isEmpty());
        assertThat(askedOn).containsExactly("worker-2");
    }
}
