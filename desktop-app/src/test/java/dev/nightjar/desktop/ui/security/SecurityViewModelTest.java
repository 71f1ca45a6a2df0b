package dev.nightjar.desktop.ui.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.bundle.BundleImport;
import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.security.SecurityRow;
import dev.nightjar.desktop.testing.SecurityFixtures;
import dev.nightjar.protocol.v1.SensorEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without a stage, on security events replayed from a real bundle: UI-thread work is queued and run by {@link #pulse()}. */
class SecurityViewModelTest {

    @TempDir
    Path dir;

    private final List<Runnable> uiQueue = new ArrayList<>();

    private void pulse() {
        for (int i = 0; i < 5 && !uiQueue.isEmpty(); i++) {
            List<Runnable> now = new ArrayList<>(uiQueue);
            uiQueue.clear();
            now.forEach(Runnable::run);
        }
    }

    private SecurityViewModel open() throws Exception {
        CaptureStore store = new CaptureStore(StoreLimits.defaults());
        BundleImport imported = BundleImport.into(SecurityFixtures.bundle(dir.resolve("security.njcap")), store);
        SecurityViewModel vm = new SecurityViewModel(store, uiQueue::add);
        vm.usePods(imported.namer()::podOfContainer);
        pulse();
        return vm;
    }

    @Test
    void rowsAreNewestFirstWithTheirPodsAndTheTallyCountsWhatTheRateLimitSuppressed() throws Exception {
        try (SecurityViewModel vm = open()) {
            assertThat(vm.rows()).extracting(SecurityRow::kind, SecurityRow::pod).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("rate-limit", "shop/cart-0"),
                    org.assertj.core.groups.Tuple.tuple("privilege", "host"),
                    org.assertj.core.groups.Tuple.tuple("exec", "shop/cart-0"),
                    org.assertj.core.groups.Tuple.tuple("file-open", "shop/cart-0"));
            assertThat(vm.totalEventsProperty().get()).isEqualTo(4);
            assertThat(vm.tallyProperty().get()).isEqualTo("2 critical · 1 warning · 1,990 more suppressed by the rate limit");

            vm.filterTextProperty().set("severity=critical pod=cart-0");
            pulse();
            assertThat(vm.rows()).extracting(SecurityRow::kind).containsExactly("file-open");
            assertThat(vm.tallyProperty().get()).isEqualTo("1 critical");
        }
    }

    @Test
    void aBadFilterSaysWhyAndKeepsTheLastGoodOne() throws Exception {
        try (SecurityViewModel vm = open()) {
            vm.filterTextProperty().set("policy=setuid-to-root");
            pulse();
            assertThat(vm.rows()).extracting(SecurityRow::comm).containsExactly("passwd");

            vm.filterTextProperty().set("policy=setuid-to-rot");
            pulse();
            assertThat(vm.filterErrorProperty().get()).startsWith("unknown policy 'setuid-to-rot'; use one of: ")
                    .contains("setuid-to-root").endsWith("(at character 8)");
            assertThat(vm.rows()).extracting(SecurityRow::comm).containsExactly("passwd");
        }
    }

    @Test
    void theDetailsShowTheProcessTreeAndTheStacks() throws Exception {
        try (SecurityViewModel vm = open()) {
            SecurityRow open = vm.rows().getLast();
            String text = SecurityDetails.describe(open);
            assertThat(text)
                    .contains("Matched:     CRITICAL  policy sensitive-kernel-paths, call security_file_open (file-open)")
                    .contains("What:        /proc/sys/kernel/hostname")
                    .contains("Pod:         shop/cart-0  (container c0ffeec0ffee)")
                    .contains("Process:     cat (pid 4242), /usr/bin/cat, uid 1000 euid 1000, cwd /srv")
                    .contains("Caps:        CAP_SYS_ADMIN")
                    .contains("Process tree (oldest ancestor first):\n"
                            + "  bash (4100)  uid 1000  /bin/bash\n"
                            + "  └─ sh (4240)  uid 1000  /bin/sh -c \"cat /proc/sys/kernel/hostname\"\n"
                            + "     └─ cat (4242)  uid 1000  /usr/bin/cat /proc/sys/kernel/hostname   ◀ this event")
                    .contains("Kernel stack (innermost first):\n  do_sys_openat2+0x5\n  __x64_sys_openat+0x54\n"
                            + "  nj_probe+0x10 [nightjar_mod]")
                    .contains("User stack (innermost first; addresses only, not symbolized):\n  0x7f3a12345678");
            assertThat(SecurityDetails.describe(vm.rows().get(2))).as("an exec without stacks says why")
                    .contains("No stacks: the policy did not ask for them");
            assertThat(SecurityDetails.describe(vm.rows().getFirst()))
                    .startsWith("Rate limit:  1,990 more events of policy sensitive-kernel-paths by this process");
        }
    }

    @Test
    void theLinksFilterTheOtherPagesToTheSameProcess() throws Exception {
        try (SecurityViewModel vm = open()) {
            List<String> went = new ArrayList<>();
            vm.onNavigate(f -> went.add("flows: " + f), f -> went.add("requests: " + f), f -> went.add("syscalls: " + f));
            SecurityRow open = vm.rows().getLast();
            vm.showFlows(open);
            vm.showRequests(open);
            vm.showSyscalls(open);
            assertThat(went).containsExactly("flows: node=worker-1 comm=cat", "requests: node=worker-1 comm=cat",
                    "syscalls: node=worker-1 pid=4242");
        }
    }

    @Test
    void anEmptyWindowSaysWhichPoliciesWereInForce() throws Exception {
        try (SecurityViewModel vm = open()) {
            vm.showWindow(new TimeWindow(SecurityFixtures.START_NS - 10_000_000_000L, SecurityFixtures.START_NS - 1));
            pulse();
            assertThat(vm.rows()).isEmpty();
            assertThat(vm.emptyTextProperty().get()).isEqualTo("No security events in this window: nothing matched"
                    + " the policies in force (" + String.join(", ", SecurityFixtures.POLICIES) + ").");
        }
    }

    @Test
    void aSensorWithoutSecurityEventsIsNamedAsTheReason() {
        CaptureStore store = new CaptureStore(StoreLimits.defaults());
        store.accept(SensorEvent.newBuilder().setNode("old-node").setSequence(1).setTimestampNs(1)
                .setInfo(SecurityFixtures.sensorInfo().toBuilder().setProtocolVersion(2).clearCapabilities()).build());
        try (SecurityViewModel vm = new SecurityViewModel(store, uiQueue::add)) {
            pulse();
            assertThat(vm.emptyTextProperty().get()).isEqualTo("this sensor cannot send security events (protocol 2,"
                    + " no \"security-events\" capability); redeploy it with this Nightjar's sensor image");
        }
    }
}
