package dev.nightjar.sensor.proc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.ProcessInfo;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.sensor.collect.EventSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCollectorTest {

    /** A test sink; every test publishes a handful of events. */
    private static final class RecordingSink implements EventSink {
        private final List<SensorEvent> events = new ArrayList<>();

        @Override
        public synchronized void publish(SensorEvent event) {
            events.add(event);
        }

        synchronized List<ProcessInfo> processes() {
            return events.stream().map(SensorEvent::getProcess).toList();
        }

        synchronized void clear() {
            events.clear();
        }

        ProcessInfo await(Predicate<ProcessInfo> match, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ProcessInfo p : processes()) {
                    if (match.test(p)) {
                        return p;
                    }
                }
                Thread.sleep(20);
            }
            throw new AssertionError("no matching ProcessInfo within " + timeout);
        }
    }

    private final RecordingSink sink = new RecordingSink();

    private static ProcessCollector collector(SyntheticProc proc, int budget) {
        return new ProcessCollector(new ProcessResolver(proc.procRoot, proc.cgroupRoot, 64),
                new ProcessCollector.Settings(Duration.ofSeconds(1), budget));
    }

    @Test
    void eachScanResolvesAtMostItsBudgetAndTheRestFollowInLaterScans(@TempDir Path temp) throws Exception {
        SyntheticProc proc = new SyntheticProc(temp);
        for (int pid = 1; pid <= 5; pid++) {
            proc.addProcess(pid, "p" + pid, pid, List.of("p" + pid), "/", 1);
        }
        ProcessCollector collector = collector(proc, 2);

        assertThat(collector.scanOnce(sink)).isEqualTo(new ProcessCollector.ScanResult(5, 2, 0, 3));
        assertThat(collector.scanOnce(sink)).isEqualTo(new ProcessCollector.ScanResult(5, 2, 0, 1));
        assertThat(collector.scanOnce(sink)).isEqualTo(new ProcessCollector.ScanResult(5, 1, 0, 0));
        assertThat(collector.scanOnce(sink)).isEqualTo(new ProcessCollector.ScanResult(5, 0, 0, 0));
        assertThat(sink.processes()).extracting(ProcessInfo::getPid).containsExactly(1, 2, 3, 4, 5);
        assertThat(sink.processes()).extracting(ProcessInfo::getComm).containsExactly("p1", "p2", "p3", "p4", "p5");
    }

    @Test
    void aProcessThatIsGoneIsPublishedAsExitedOnce(@TempDir Path temp) throws Exception {
        SyntheticProc proc = new SyntheticProc(temp);
        proc.addProcess(7, "worker", 1, List.of("worker"), "/", 1);
        proc.addProcess(8, "other", 1, List.of("other"), "/", 1);
        ProcessCollector collector = collector(proc, 10);
        collector.scanOnce(sink);
        sink.clear();

        proc.remove(7);
        assertThat(collector.scanOnce(sink).exited()).isEqualTo(1);
        assertThat(collector.scanOnce(sink).exited()).isZero();
        assertThat(sink.processes()).singleElement().satisfies(p -> {
            assertThat(p.getPid()).isEqualTo(7);
            assertThat(p.getExited()).isTrue();
            assertThat(p.getComm()).isEqualTo("worker");
        });
    }

    @Test
    void aNewFilterResendsTheMatchingLiveProcessesOnly(@TempDir Path temp) throws Exception {
        SyntheticProc proc = new SyntheticProc(temp);
        String podCgroup = "/kubepods/pod3c1d6f2a-9b1e-4c1a-8f55-0f3e8a7d2b11/"
                + "8f4b2e6c1d3a5f7e9b0c2d4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f2a";
        proc.addProcess(1, "init", 1, List.of("init"), "/init.scope", 1);
        proc.addProcess(2, "app", 2, List.of("app"), podCgroup, 2);
        proc.addProcess(3, "sidecar", 3, List.of("sidecar"), podCgroup, 2);
        ProcessCollector collector = collector(proc, 10);
        collector.scanOnce(sink);
        sink.clear();

        collector.applyFilter(Filter.newBuilder().addPids(3).build());
        collector.scanOnce(sink);
        assertThat(sink.processes()).extracting(ProcessInfo::getPid).containsExactly(3);

        sink.clear();
        collector.applyFilter(Filter.newBuilder().addCgroupIds(proc.cgroupInode(podCgroup)).build());
        collector.scanOnce(sink);
        assertThat(sink.processes()).extracting(ProcessInfo::getPid).containsExactlyInAnyOrder(2, 3);

        sink.clear();
        proc.addProcess(4, "late", 4, List.of("late"), "/", 1);
        collector.scanOnce(sink);
        assertThat(sink.processes()).as("a new process outside the filter").isEmpty();
    }

    @Test
    void publishesARealChildProcessAndItsExit() throws Exception {
        ProcessCollector collector = new ProcessCollector(
                new ProcessResolver(Path.of("/proc"), Path.of("/sys/fs/cgroup"), 4096),
                new ProcessCollector.Settings(Duration.ofMillis(100), 4096));
        Process child = null;
        try {
            collector.start(sink);
            assertThat(collector.state().getRunning()).isTrue();
            assertThat(collector.feature()).isEqualTo(Feature.FEATURE_PROCESSES);
            child = new ProcessBuilder("sleep", "30").start();
            int pid = (int) child.pid();

            ProcessInfo started = sink.await(p -> p.getPid() == pid && !p.getExited(), Duration.ofSeconds(10));
            assertThat((long) started.getPpid()).isEqualTo(ProcessHandle.current().pid());

            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            sink.await(p -> p.getPid() == pid && p.getExited(), Duration.ofSeconds(10));
        } finally {
            if (child != null) {
                child.destroyForcibly();
            }
            collector.close();
        }
        assertThat(collector.state().getRunning()).isFalse();
    }

    @Test
    void aMissingProcRootMakesTheFeatureUnavailableWithAReason(@TempDir Path temp) {
        ProcessCollector collector = new ProcessCollector(
                new ProcessResolver(temp.resolve("no-such-proc"), temp, 4), ProcessCollector.Settings.defaults());
        collector.start(sink);
        try {
            assertThat(collector.state().getRunning()).isFalse();
            assertThat(collector.state().getReason()).contains("no-such-proc").contains("--proc-root");
        } finally {
            collector.close();
        }
        assertThat(sink.processes()).isEmpty();
    }
}
