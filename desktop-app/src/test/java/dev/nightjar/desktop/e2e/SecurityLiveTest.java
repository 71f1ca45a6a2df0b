package dev.nightjar.desktop.e2e;

import static dev.nightjar.desktop.e2e.LiveShell.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.bundle.BundleDescription;
import dev.nightjar.desktop.bundle.BundleExport;
import dev.nightjar.desktop.security.SecurityEvents;
import dev.nightjar.desktop.security.SecurityRow;
import dev.nightjar.desktop.ui.workbench.ConnectionState;
import dev.nightjar.desktop.ui.workbench.Screenshots;
import dev.nightjar.desktop.ui.workbench.WorkbenchPage;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import dev.nightjar.protocol.bundle.BundleReader;
import dev.nightjar.protocol.bundle.Manifest;
import dev.nightjar.protocol.v1.SecurityEvent;
import dev.nightjar.protocol.v1.SecurityProcess;
import dev.nightjar.testing.KernelTest;
import dev.nightjar.testing.UiTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Security events of a live session on the real sensor: the app connects to
 * {@code nightjar-sensor.jar serve} (no policy runs: security events are off until chosen), the
 * Security page's choice asks it for the default policies, and a shell this test starts in mount
 * and pid namespaces of its own (not the host's mount namespace, so the default
 * "sensitive-kernel-paths" policy applies; its own pid namespace, so its process tree stops at the
 * shell as a container's does) runs {@code cat /proc/sys/kernel/hostname}; the page lists that
 * open with the shell as the cat's parent in its process tree. Other processes on the machine may
 * match too: the test picks its own by the shell's parent (the unshare it started) and a marker in
 * the shell's command line. An exported bundle's manifest lists the
 * policies; a policy the sensor refuses is shown with its line and field while the stream and the
 * policies in force carry on. With {@code -Dnightjar.screenshots=DIR} it writes the page there.
 */
@ExtendWith(ApplicationExtension.class)
@KernelTest
@UiTest
class SecurityLiveTest {

    /** The default policies, as the sensor names them (docs/SECURITY-EVENTS.md). */
    private static final List<String> DEFAULT_POLICIES = List.of("kernel-module-loads", "namespace-changes",
            "sensitive-kernel-paths", "service-account-token", "setuid-to-root", "shell-in-container");

    /** Outside the sensor's subset (it observes, never kills): refused at line 13, field matchActions[0].action. */
    private static final String KILL_POLICY = """
            apiVersion: cilium.io/v1alpha1
            kind: TracingPolicy
            metadata:
              name: kill-on-hostname
            spec:
              kprobes:
              - call: security_file_open
                args:
                - index: 0
                  type: file
                selectors:
                - matchActions:
                  - action: Sigkill
            """;

    private final LiveShell live = new LiveShell();

    @Start
    void start(Stage stage) {
        stage.setScene(live.scene());
        stage.show();
    }

    @AfterEach
    void stop(FxRobot robot) throws Exception {
        live.close(robot);
    }

    @Test
    void withTheDefaultPoliciesChosenAShellsOpenOfAKernelTunableIsOnTheSecurityPageWithItsProcessTree(FxRobot robot,
            @TempDir Path dir) throws Exception {
        WorkbenchViewModel vm = live.connect(robot, dir);
        robot.interact(() -> vm.pageProperty().set(WorkbenchPage.SECURITY));
        assertThat(vm.security().choice().chosenProperty().get()).as("off until chosen").isEqualTo(SecurityEvents.OFF);

        // The choice as a person makes it: the page's box.
        ChoiceBox<SecurityEvents.Mode> box = robot.lookup("#security-choice").queryAs(ChoiceBox.class);
        robot.interact(() -> box.setValue(SecurityEvents.Mode.DEFAULT_POLICIES));
        waitFor(30, "the sensor to take the default policies", () -> vm.security().choice().outcomeProperty().get()
                .equals("Default security policies now run on the sensor."));
        String node = vm.store().nodeNames().getFirst();
        waitFor(15, "the sensor's description to list them", () -> vm.store().node(node).orElseThrow().info()
                .orElseThrow().getSecurityHooks().getPoliciesList().containsAll(DEFAULT_POLICIES));

        String marker = "nightjar-security-live-" + System.nanoTime();
        Set<Long> unshares = new HashSet<>();
        TableView<SecurityRow> table = robot.lookup("#security-table").queryTableView();
        // Bounded: a few shells, a second apart, until the page shows one of their cats.
        for (int i = 0; i < 10 && ownEvent(table, unshares, marker).isEmpty(); i++) {
            unshares.add(shellOpeningTheHostname(marker));
            Thread.sleep(1_000);
        }
        waitFor(30, "the shell's cat on the Security page", () -> ownEvent(table, unshares, marker).isPresent());

        SecurityRow row = WaitForAsyncUtils.asyncFx(() -> ownEvent(table, unshares, marker).orElseThrow())
                .get(10, TimeUnit.SECONDS);
        SecurityEvent event = row.event();
        assertThat(event.getPolicy()).isEqualTo("sensitive-kernel-paths");
        assertThat(event.getPath()).isEqualTo("/proc/sys/kernel/hostname");
        assertThat(event.getProcess().getBinary()).endsWith("/cat");
        assertThat(event.getProcess().getArgvList()).containsExactly("cat", "/proc/sys/kernel/hostname");
        SecurityProcess shell = event.getAncestors(0);
        assertThat(unshares).contains((long) shell.getPpid());
        assertThat(event.getAncestorsCount()).as("the tree stops at its pid namespace's init, the shell").isEqualTo(1);
        assertThat(event.getProcess().getPpid()).isEqualTo(shell.getPid());

        robot.interact(() -> {
            table.getSelectionModel().select(row);
            table.scrollTo(row);
        });
        TextArea detail = robot.lookup("#security-detail").queryAs(TextArea.class);
        waitFor(10, "the selected event's process tree", () -> detail.getText().contains("◀ this event"));
        String tree = WaitForAsyncUtils.asyncFx((java.util.concurrent.Callable<String>) detail::getText).get(10, TimeUnit.SECONDS);
        assertThat(tree).contains("policy sensitive-kernel-paths")
                .contains("sh (" + shell.getPid() + ")")
                .containsPattern("└─ cat \\(" + event.getProcess().getPid() + "\\) .*/proc/sys/kernel/hostname   ◀ this event")
                .contains(marker);
        Screenshots.save(robot.window(0).getScene(), "security-live.png");

        // The bundle's manifest lists the policies in force, and its banner says so.
        Path bundle = dir.resolve("security.njcap");
        BundleExport.write(vm.store(), bundle);
        try (BundleReader reader = BundleReader.open(bundle)) {
            Manifest manifest = reader.manifest();
            assertThat(manifest.nodes().getFirst().sensorInfo().getSecurityHooks().getPoliciesList())
                    .containsAll(DEFAULT_POLICIES);
            assertThat(BundleDescription.banner(manifest, List.of()))
                    .contains("Security policies in force: " + String.join(", ", DEFAULT_POLICIES));
        }

        // A policy outside the sensor's subset: refused with its line and field; the session carries on.
        Path kill = Files.writeString(dir.resolve("kill.yaml"), KILL_POLICY);
        robot.interact(() -> vm.security().choice().choosePolicyFiles(List.of(kill)));
        waitFor(30, "the sensor's refusal", () -> vm.security().choice().outcomeProperty().get().contains("refused"));
        assertThat(vm.security().choice().outcomeProperty().get())
                .contains("The sensor refused security policies from kill.yaml")
                .contains("line 13, spec.kprobes[0].selectors[0].matchActions[0].action");
        assertThat(vm.security().choice().chosenProperty().get()).isEqualTo(SecurityEvents.DEFAULT_POLICIES);
        assertThat(box.getValue()).isEqualTo(SecurityEvents.Mode.DEFAULT_POLICIES);
        assertThat(vm.stateProperty().get()).isEqualTo(ConnectionState.LIVE);
    }

    /** The test's own event: a cat whose parent is a shell the test's unshare started, carrying its marker. */
    private static Optional<SecurityRow> ownEvent(TableView<SecurityRow> table, Set<Long> unshares, String marker) {
        return table.getItems().stream().filter(r -> !r.event().getSummary()
                        && r.event().getPath().equals("/proc/sys/kernel/hostname")
                        && r.event().getAncestorsCount() > 0
                        && unshares.contains((long) r.event().getAncestors(0).getPpid())
                        && String.join(" ", r.event().getAncestors(0).getArgvList()).contains(marker))
                .findFirst();
    }

    /**
     * {@code unshare -m -p -f} makes mount and pid namespaces and forks the shell into them (pid 1
     * there); the shell forks the cat (the trailing command keeps it from exec'ing the cat in its place).
     *
     * @return the unshare's pid: the shell's parent
     */
    private static long shellOpeningTheHostname(String marker) throws Exception {
        Process shell = new ProcessBuilder("unshare", "-m", "-p", "-f", "/bin/sh", "-c",
                "cat /proc/sys/kernel/hostname; : " + marker)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!shell.waitFor(10, TimeUnit.SECONDS)) {
            shell.destroyForcibly();
        }
        return shell.pid();
    }
}
