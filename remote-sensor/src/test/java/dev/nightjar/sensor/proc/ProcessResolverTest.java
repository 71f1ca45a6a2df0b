package dev.nightjar.sensor.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessResolverTest {

    private static final String ID = "8f4b2e6c1d3a5f7e9b0c2d4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f2a";
    private static final String UID = "3c1d6f2a-9b1e-4c1a-8f55-0f3e8a7d2b11";

    private final ProcessResolver real = new ProcessResolver(Path.of("/proc"), Path.of("/sys/fs/cgroup"), 64);

    @Test
    void resolvesThisJvmFromTheRealProc() throws Exception {
        int pid = (int) ProcessHandle.current().pid();
        ProcessDetails me = real.resolve(pid).orElseThrow();

        assertThat(me.comm()).isEqualTo("java");
        assertThat(me.cmdline().getFirst()).endsWith("java");
        assertThat((long) me.ppid()).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
        assertThat(me.netnsInode()).as("inode of the nsfs file behind ns/net")
                .isEqualTo(inode(Path.of("/proc/self/ns/net")));
        assertThat(me.cgroupPath()).startsWith("/");
        if (Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))) { // cgroup2 mounted here
            assertThat(me.cgroupId()).isEqualTo(inode(Path.of("/sys/fs/cgroup", me.cgroupPath())));
        }
        Instant started = ProcessHandle.current().info().startInstant().orElseThrow();
        assertThat(Duration.between(started, Instant.ofEpochSecond(0, me.startTimeNs())).abs())
                .isLessThan(Duration.ofSeconds(2));
        assertThat(me.exited()).isFalse();
    }

    @Test
    void resolvesAChildProcessAndRemembersItAsExitedOnceItIsGone() throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            int pid = (int) child.pid();
            ProcessDetails sleep = awaitExec(pid);
            ProcessDetails me = real.resolve((int) ProcessHandle.current().pid()).orElseThrow();

            assertThat(sleep.cmdline()).containsExactly("sleep", "30");
            assertThat((long) sleep.ppid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(sleep.cgroupPath()).isEqualTo(me.cgroupPath());
            assertThat(sleep.netnsInode()).isEqualTo(me.netnsInode());
            assertThat(sleep.startTimeNs()).isGreaterThanOrEqualTo(me.startTimeNs());

            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            ProcessDetails gone = real.resolve(pid).orElseThrow();
            assertThat(gone.exited()).isTrue();
            assertThat(gone.comm()).isEqualTo("sleep");
        } finally {
            child.destroyForcibly();
        }
    }

    /** Between fork and exec the child is still "java"; wait for the exec. */
    private ProcessDetails awaitExec(int pid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            ProcessDetails details = real.resolve(pid).orElseThrow();
            if (details.comm().equals("sleep") || System.nanoTime() > deadline) {
                assertThat(details.comm()).isEqualTo("sleep");
                return details;
            }
            Thread.sleep(5);
        }
    }

    @Test
    void aPidThatNeverExistedIsEmpty() {
        assertThat(real.resolve(Integer.MAX_VALUE)).isEmpty();
    }

    @Test
    void readsContainerShapesFromASyntheticProcTree(@TempDir Path temp) throws Exception {
        SyntheticProc proc = new SyntheticProc(temp);
        String containerd = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
                + UID.replace('-', '_') + ".slice/cri-containerd-" + ID + ".scope";
        String crio = "/kubepods/besteffort/pod" + UID + "/crio-" + ID;
        String host = "/system.slice/sshd.service";
        proc.addProcess(100, "nginx", 5000, List.of("nginx", "-g", "daemon off;"), containerd, 4026532001L);
        proc.addProcess(200, "app", 6000, List.of("/app"), crio, 4026532002L);
        proc.addProcess(300, "sshd", 700, List.of("sshd: /usr/sbin/sshd -D"), host, 4026531840L);
        ProcessResolver resolver = new ProcessResolver(proc.procRoot, proc.cgroupRoot, 16);

        ProcessDetails nginx = resolver.resolve(100).orElseThrow();
        assertThat(nginx.comm()).isEqualTo("nginx");
        assertThat(nginx.cmdline()).containsExactly("nginx", "-g", "daemon off;");
        assertThat(nginx.cgroupPath()).isEqualTo(containerd);
        assertThat(nginx.containerId()).isEqualTo(ID);
        assertThat(nginx.podUid()).isEqualTo(UID);
        assertThat(nginx.cgroupId()).isEqualTo(proc.cgroupInode(containerd)).isPositive();
        assertThat(nginx.netnsInode()).isEqualTo(4026532001L);
        assertThat(nginx.startTimeNs()).isEqualTo(SyntheticProc.BTIME * 1_000_000_000L + 5000 * 10_000_000L);

        ProcessDetails app = resolver.resolve(200).orElseThrow();
        assertThat(app.containerId()).isEqualTo(ID);
        assertThat(app.podUid()).isEqualTo(UID);
        assertThat(app.cgroupId()).isEqualTo(proc.cgroupInode(crio));

        ProcessDetails sshd = resolver.resolve(300).orElseThrow();
        assertThat(sshd.containerId()).isEmpty();
        assertThat(sshd.podUid()).isEmpty();
        assertThat(sshd.cgroupId()).isEqualTo(proc.cgroupInode(host));
        assertThat(sshd.toProto().getContainerId()).isEmpty();
    }

    @Test
    void aPathSeenFromAPrivateCgroupNamespaceStillFindsItsCgroup(@TempDir Path temp) throws Exception {
        SyntheticProc proc = new SyntheticProc(temp);
        String relative = "/../../kubepods.slice/kubepods-pod" + UID.replace('-', '_') + ".slice/cri-containerd-" + ID + ".scope";
        proc.addProcess(10, "x", 1, List.of("x"), relative, 1);
        ProcessDetails x = new ProcessResolver(proc.procRoot, proc.cgroupRoot, 4).resolve(10).orElseThrow();
        assertThat(x.containerId()).isEqualTo(ID);
        assertThat(x.cgroupId()).isEqualTo(proc.cgroupInode(relative));
    }

    @Test
    void cgroupV1HostsStillGiveTheContainerId(@TempDir Path temp) throws Exception {
        SyntheticProc proc = new SyntheticProc(temp);
        proc.addProcess(10, "x", 1, List.of("x"), "/", 1);
        Files.writeString(proc.procRoot.resolve("10/cgroup"),
                "12:memory:/docker/" + ID + "\n11:cpu,cpuacct:/docker/" + ID + "\n1:name=systemd:/docker/" + ID + "\n");
        ProcessDetails x = new ProcessResolver(proc.procRoot, proc.cgroupRoot, 4).resolve(10).orElseThrow();
        assertThat(x.containerId()).isEqualTo(ID);
        assertThat(x.cgroupPath()).isEqualTo("/docker/" + ID);
        assertThat(x.cgroupId()).as("no cgroup2 directory for a v1 path").isZero();
    }

    @Test
    void aReusedPidIsReadAgainNotServedFromTheCache(@TempDir Path temp) throws Exception {
        SyntheticProc proc = new SyntheticProc(temp);
        proc.addProcess(42, "first", 100, List.of("first"), "/", 1);
        ProcessResolver resolver = new ProcessResolver(proc.procRoot, proc.cgroupRoot, 4);
        assertThat(resolver.resolve(42).orElseThrow().comm()).isEqualTo("first");

        Files.writeString(proc.procRoot.resolve("42/cmdline"), "second\0");
        proc.writeStat(42, "second", 100);
        assertThat(resolver.resolve(42).orElseThrow().cmdline())
                .as("same start time: the same process, served from the cache").containsExactly("first");

        proc.writeStat(42, "second", 200);
        ProcessDetails reused = resolver.resolve(42).orElseThrow();
        assertThat(reused.comm()).isEqualTo("second");
        assertThat(reused.cmdline()).containsExactly("second");
    }

    @Test
    void theCacheStaysWithinItsCapacity(@TempDir Path temp) throws Exception {
        SyntheticProc proc = new SyntheticProc(temp);
        ProcessResolver resolver = new ProcessResolver(proc.procRoot, proc.cgroupRoot, 4);
        for (int pid = 1; pid <= 20; pid++) {
            proc.addProcess(pid, "p" + pid, pid, List.of("p"), "/", 1);
            resolver.resolve(pid);
            assertThat(resolver.cachedCount()).isLessThanOrEqualTo(4);
        }
        proc.remove(1);
        assertThat(resolver.resolve(1)).as("evicted, then exited: nothing left to say").isEmpty();
        proc.remove(20);
        assertThat(resolver.resolve(20)).hasValueSatisfying(d -> assertThat(d.exited()).isTrue());
    }

    private static long inode(Path path) throws Exception {
        return ((Number) Files.getAttribute(path, "unix:ino")).longValue();
    }
}
