package dev.nightjar.sensor.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.SecurityEvent;
import dev.nightjar.protocol.v1.SecurityEventKind;
import dev.nightjar.protocol.v1.SecurityProcess;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import dev.nightjar.testing.KernelTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The security hooks on this kernel, with processes in a lab pod (own netns and cgroup). */
@KernelTest
class SecurityCollectorTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final SecurityLab lab = new SecurityLab();

    static String policy(String name) {
        try (InputStream in = SecurityCollectorTest.class.getResourceAsStream("/security/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    void run(String... policies) {
        lab.collector().applyFilter(Filter.newBuilder().addAllSecurityPolicies(List.of(policies)).build());
    }

    static Predicate<SensorEvent> security(long pid, Predicate<SecurityEvent> what) {
        return e -> e.hasSecurity() && e.getSecurity().getProcess().getPid() == pid && what.test(e.getSecurity());
    }

    @Test
    void theSeedPolicyReportsOneOpenOfAKernelTunableInAPodWithItsStacks() throws Exception {
        run(policy("seed-policy.yaml"));
        SecurityPod.Run cat = lab.pod().run(List.of("cat", "/proc/sys/kernel/hostname"));
        assertThat(cat.exitCode()).as(cat.output()).isZero();

        SensorEvent event = lab.sink().await(security(cat.pid(), s -> !s.getSummary()), WAIT,
                "the open of the hostname");
        SecurityEvent s = event.getSecurity();
        assertThat(s.getPolicy()).isEqualTo("sensitive-kernel-files");
        assertThat(s.getKind()).isEqualTo(SecurityEventKind.SECURITY_EVENT_KIND_FILE_OPEN);
        assertThat(s.getPath()).isEqualTo("/proc/sys/kernel/hostname");
        assertThat(s.getProcess().getBinary()).endsWith("/cat");
        assertThat(s.getProcess().getArgvList()).containsExactly("cat", "/proc/sys/kernel/hostname");
        assertThat(s.getCgroupId()).isEqualTo(lab.pod().cgroupId());
        assertThat(s.getKernelStackCount()).isPositive();
        assertThat(s.getKernelStackList()).anySatisfy(f -> assertThat(f.getSymbol()).startsWith("do_syscall_64"));
        assertThat(s.getUserStackCount()).isPositive();
        assertThat(s.getAncestorsList()).extracting(SecurityProcess::getPid).contains((int) ProcessHandle.current().pid());

        lab.collector().flushNow(WAIT);
        assertThat(lab.sink().matching(security(cat.pid(), x -> true))).hasSize(1);
    }

    @Test
    void aProcessOutsideTheSelectorsNamespaceIsNotReported() throws Exception {
        run(policy("seed-policy.yaml"));
        Process host = new ProcessBuilder("cat", "/proc/sys/kernel/hostname").redirectErrorStream(true).start();
        host.getInputStream().readAllBytes();
        assertThat(host.waitFor()).isZero();
        // A pod's open after it: once that one is seen, the host's would have been too.
        SecurityPod.Run marker = lab.pod().run(List.of("cat", "/proc/sys/kernel/ostype"));
        lab.sink().await(security(marker.pid(), s -> s.getPath().equals("/proc/sys/kernel/ostype")), WAIT,
                "the pod's open");
        lab.collector().flushNow(WAIT);
        assertThat(lab.sink().matching(security(host.pid(), x -> true))).isEmpty();
    }

    @Test
    void anExecInAPodComesWithArgvAndTheParentChain() throws Exception {
        run(policy("exec-in-pod.yaml"));
        SecurityPod.Run shell = lab.pod().run(List.of("/bin/sh", "-c", "id; true"));
        assertThat(shell.exitCode()).as(shell.output()).isZero();

        SecurityEvent exec = lab.sink().await(e -> e.hasSecurity() && e.getSecurity().getKind()
                        == SecurityEventKind.SECURITY_EVENT_KIND_EXEC && !e.getSecurity().getAncestorsList().isEmpty()
                        && e.getSecurity().getAncestors(0).getPid() == shell.pid(), WAIT, "the exec of id")
                .getSecurity();
        assertThat(exec.getPolicy()).isEqualTo("exec-in-pod");
        assertThat(exec.getPath()).endsWith("/id");
        assertThat(exec.getProcess().getArgvList()).containsExactly("id");
        SecurityProcess parent = exec.getAncestors(0);
        assertThat(parent.getBinary()).isEqualTo("/bin/sh");
        assertThat(parent.getArgvList()).containsExactly("/bin/sh", "-c", "id; true");
        assertThat(exec.getAncestorsList()).extracting(SecurityProcess::getPid).contains((int) ProcessHandle.current().pid());
    }

    @Test
    void unshareInAPodIsANamespaceChange() throws Exception {
        run(policy("unshare-in-pod.yaml"));
        SecurityPod.Run unshare = lab.pod().run(List.of("unshare", "-n", "true"));
        assertThat(unshare.exitCode()).as(unshare.output()).isZero();

        // ip netns exec, the same process before it execs unshare, unshares its mounts: not this one.
        SecurityEvent event = lab.sink().await(security(unshare.pid(), s -> s.getKind()
                == SecurityEventKind.SECURITY_EVENT_KIND_NAMESPACE_CHANGE && s.getArgsList().contains("flags=CLONE_NEWNET")),
                WAIT, "the unshare -n").getSecurity();
        assertThat(event.getPolicy()).isEqualTo("unshare-in-pod");
        assertThat(event.getCall()).isEqualTo("__x64_sys_unshare");
        assertThat(event.getProcess().getBinary()).endsWith("/unshare");
    }

    /** An exit in the pod: one event with its exit status and binary; one on the host, outside the selector: none. */
    @Test
    void anExitInAPodComesWithItsStatus() throws Exception {
        run(policy("exit-in-pod.yaml"));
        Process host = new ProcessBuilder("/bin/sh", "-c", "exit 4").start();
        assertThat(host.waitFor()).isEqualTo(4);
        SecurityPod.Run exit = lab.pod().run(List.of("/bin/sh", "-c", "exit 3"));
        assertThat(exit.exitCode()).as(exit.output()).isEqualTo(3);

        SecurityEvent event = lab.sink().await(security(exit.pid(), s -> !s.getSummary()), WAIT, "the exit")
                .getSecurity();
        assertThat(event.getPolicy()).isEqualTo("exit-in-pod");
        assertThat(event.getKind()).isEqualTo(SecurityEventKind.SECURITY_EVENT_KIND_EXIT);
        assertThat(event.getArgsList()).containsExactly("exit code 3");
        assertThat(event.getPath()).isEqualTo("/bin/sh");
        assertThat(event.getProcess().getArgvList()).containsExactly("/bin/sh", "-c", "exit 3");
        lab.collector().flushNow(WAIT);
        assertThat(lab.sink().matching(security(exit.pid(), x -> true))).hasSize(1);
        assertThat(lab.sink().matching(security(host.pid(), x -> true))).as("the host's exit").isEmpty();
    }

    /**
     * TCP connects from the pod to addresses that exist only inside its network namespace (nothing
     * leaves it): one outside the default cluster ranges (TEST-NET-3) is one event; loopback and a
     * private (RFC 1918) address are none.
     */
    @Test
    void aConnectOutOfTheClusterRangesIsReportedAndConnectsInsideThemAreNot() throws Exception {
        run(policy("outbound-from-pod.yaml"));
        lab.pod().addAddress("203.0.113.7/32");
        lab.pod().addAddress("10.199.0.7/32");
        try (CompiledPrograms programs = new CompiledPrograms()) {
            String connect = programs.compile("connect_to").toString();
            SecurityPod.Run loopback = lab.pod().run(List.of(connect, "127.0.0.1", "9"));
            SecurityPod.Run inRange = lab.pod().run(List.of(connect, "10.199.0.7", "9"));
            SecurityPod.Run outside = lab.pod().run(List.of(connect, "203.0.113.7", "9"));
            for (SecurityPod.Run run : List.of(loopback, inRange, outside)) {
                assertThat(run.output().strip()).as("the lab's address answers, inside the pod").isEqualTo(
                        "Connection refused");
            }

            SecurityEvent event = lab.sink().await(security(outside.pid(), s -> !s.getSummary()), WAIT,
                    "the connect out of the cluster").getSecurity();
            assertThat(event.getPolicy()).isEqualTo("outbound-from-pod");
            assertThat(event.getKind()).isEqualTo(SecurityEventKind.SECURITY_EVENT_KIND_OUTBOUND_CONNECT);
            assertThat(event.getPath()).isEqualTo("203.0.113.7:9");
            assertThat(event.getArgsList()).containsExactly("daddr=203.0.113.7", "dport=9");
            assertThat(event.getProcess().getBinary()).isEqualTo(connect);
            assertThat(event.getCgroupId()).isEqualTo(lab.pod().cgroupId());
            // Records are handled in order: the earlier connects were matched before this one.
            lab.collector().flushNow(WAIT);
            assertThat(lab.sink().matching(security(outside.pid(), x -> true))).hasSize(1);
            assertThat(lab.sink().matching(security(loopback.pid(), x -> true))).as("loopback").isEmpty();
            assertThat(lab.sink().matching(security(inRange.pid(), x -> true))).as("10.199.0.7").isEmpty();
        }
    }

    @Test
    void theProgramsAreAttachedOnlyWhileAPolicyRuns() throws Exception {
        assertThat(lab.collector().attached()).as("no stream yet").isFalse();
        run(policy("seed-policy.yaml"));
        assertThat(lab.collector().attached()).isTrue();
        SecurityPod.Run cat = lab.pod().run(List.of("cat", "/proc/sys/kernel/hostname"));
        lab.sink().await(security(cat.pid(), s -> true), WAIT, "the open while attached");
        run();
        assertThat(lab.collector().attached()).as("the last policy gone").isFalse();
    }

    @Test
    void aBadPolicyIsRefusedAndTheRunningOneKeepsWorking() throws Exception {
        run(policy("seed-policy.yaml"));
        String bad = policy("seed-policy.yaml").replace("operator: \"Prefix\"", "operator: \"Mask\"");
        assertThatThrownBy(() -> run(policy("seed-policy.yaml"), bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 16").hasMessageContaining("operator 'Mask' is not in the subset");

        SecurityPod.Run cat = lab.pod().run(List.of("cat", "/proc/sys/kernel/hostname"));
        lab.sink().await(security(cat.pid(), s -> s.getPolicy().equals("sensitive-kernel-files")), WAIT,
                "the open under the policy still in force");
        SensorInfo.Builder info = SensorInfo.newBuilder();
        lab.collector().describe(info);
        assertThat(info.getSecurityHooks().getPoliciesList()).containsExactly("sensitive-kernel-files");
        assertThat(info.getSecurityHooks().getFileOpen()).isIn("lsm", "fentry", "tracepoint");
    }
}
