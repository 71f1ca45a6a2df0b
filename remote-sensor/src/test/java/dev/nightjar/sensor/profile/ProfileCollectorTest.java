package dev.nightjar.sensor.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.FoldedStack;
import dev.nightjar.protocol.v1.FrameKind;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.StackSamples;
import dev.nightjar.sensor.collect.KernelCollectorsConfig;
import dev.nightjar.sensor.lab.KernelTestSupport;
import dev.nightjar.sensor.lab.RecordingSink;
import dev.nightjar.sensor.libbpf.LibBpf;
import dev.nightjar.sensor.symbols.StackSymbolizer;
import dev.nightjar.sensor.symbols.SymbolizedFrame;
import dev.nightjar.sensor.symbols.SymbolizerStats;
import dev.nightjar.testing.KernelTest;
import dev.nightjar.testing.Requires;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CPU profiler on the real kernel: perf events on every CPU, stacks of a C program with a known call chain. */
@KernelTest
class ProfileCollectorTest {

    private static final Duration FLUSH = Duration.ofMillis(500);

    @TempDir
    static Path tempDir;
    private static Burner burner;
    private static LibBpf lib;

    private final RecordingSink sink = new RecordingSink(100_000);
    private ProfileCollector collector;
    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void compileBurner() throws IOException {
        lib = KernelTestSupport.requireBpf();
        burner = Burner.compile(tempDir);
    }

    @AfterEach
    void cleanUp() {
        processes.forEach(Burner::stop);
        if (collector != null) {
            collector.close();
        }
    }

    /** Loads the collector (kallsyms takes a moment); it samples only once {@link #profile} asks. */
    private void start(java.util.function.Function<Path, StackSymbolizer> symbolizers, Duration flush) {
        collector = new ProfileCollector(KernelCollectorsConfig.defaults().withFlushInterval(flush), () -> lib,
                symbolizers);
        collector.start(sink);
        assertThat(collector.state().getRunning()).as(collector.state().getReason()).isTrue();
        assertThat(collector.sampling()).as("sampling before anyone asks for profiles").isFalse();
    }

    private void profile(Filter filter) {
        collector.applyFilter(filter);
        collector.applyKinds(Set.of(EventKind.EVENT_KIND_PROFILE));
        assertThat(collector.sampling()).isTrue();
    }

    private Process burn(double seconds) throws IOException {
        Process process = burner.start(seconds);
        processes.add(process);
        return process;
    }

    private List<StackSamples> profilesOf(long pid) {
        return sink.matching(e -> e.hasStacks() && e.getStacks().getPid() == pid).stream()
                .map(SensorEvent::getStacks).toList();
    }

    private static long samples(List<StackSamples> profiles) {
        return profiles.stream().flatMap(p -> p.getStacksList().stream()).mapToLong(FoldedStack::getCount).sum();
    }

    /** Each folded stack as frame names, root first, with its count. */
    private record NamedStack(List<String> frames, List<FrameKind> kinds, long count) {
        List<String> userFrames() {
            List<String> user = new ArrayList<>();
            for (int i = 0; i < frames.size(); i++) {
                if (kinds.get(i) != FrameKind.FRAME_KIND_KERNEL) {
                    user.add(frames.get(i));
                }
            }
            return user;
        }
    }

    private static List<NamedStack> named(List<StackSamples> profiles) {
        List<NamedStack> stacks = new ArrayList<>();
        for (StackSamples p : profiles) {
            for (FoldedStack s : p.getStacksList()) {
                stacks.add(new NamedStack(s.getFramesList().stream().map(i -> p.getFrames(i).getName()).toList(),
                        s.getFramesList().stream().map(i -> p.getFrames(i).getKind()).toList(), s.getCount()));
            }
        }
        return stacks;
    }

    /** The user frames end with nj_outer, nj_middle, nj_inner_spin in this order (root first). */
    private static boolean endsWithChain(List<String> userFrames) {
        int n = userFrames.size();
        if (n < 3) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            if (!burner.isIn(userFrames.get(n - 3 + i), Burner.CHAIN.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void theBurnersSamplesAreInItsCallChainRootFirst() throws IOException {
        start(ProfileSymbolizers::create, FLUSH);
        Process burning = burn(2.0);
        profile(Filter.newBuilder().addPids((int) burning.pid()).build());
        Burner.waitFor(burning, 10);
        assertThat(collector.flushNow(Duration.ofSeconds(10))).isTrue();

        List<StackSamples> profiles = profilesOf(burning.pid());
        long total = samples(profiles);
        assertThat(total).as("samples of the burner (it burns ~2 s at 99 Hz on a shared machine)").isGreaterThanOrEqualTo(10);
        assertThat(profiles).allSatisfy(p -> {
            assertThat(p.getComm()).isEqualTo("nj_burner");
            assertThat(p.getFrequencyHz()).isEqualTo(ProfileCollector.DEFAULT_FREQUENCY_HZ);
            assertThat(p.getCgroupId()).isNotZero();
            assertThat(p.getIntervalEndNs()).isGreaterThan(p.getIntervalStartNs());
        });
        List<NamedStack> stacks = named(profiles);
        long inChain = stacks.stream().filter(s -> endsWithChain(s.userFrames())).mapToLong(NamedStack::count).sum();
        assertThat(stacks.stream().mapToInt(s -> s.userFrames().size()).max().orElse(0))
                .as("user frames of the deepest stack").isGreaterThanOrEqualTo(3);
        assertThat((double) inChain / total)
                .as("share of samples in nj_outer -> nj_middle -> nj_inner_spin; stacks: " + stacks)
                .isGreaterThanOrEqualTo(0.8);
        for (int i = 1; i < profiles.size(); i++) {
            assertThat(profiles.get(i).getIntervalStartNs()).as("intervals follow each other without overlap")
                    .isGreaterThanOrEqualTo(profiles.get(i - 1).getIntervalEndNs());
        }
        assertThat(collector.lossCounters()).as("nothing lost for one filtered process")
                .allSatisfy(c -> assertThat(c.getLostTotal()).as(c.getStage().name()).isZero());
    }

    /** The same chain by name: needs a symbolizer that names user frames. */
    @Test
    void theBurnersChainIsNamedInOrder() throws IOException {
        start(ProfileSymbolizers::create, FLUSH);
        Process burning = burn(2.0);
        profile(Filter.newBuilder().addPids((int) burning.pid()).build());
        Requires.that(ProfileSymbolizers.namesUserFrames(collector.symbolizer()),
                "needs the full stack symbolizer, but it did not start here and ProfileSymbolizers gave the"
                        + " kallsyms-only fallback (its warning in the log says why)");
        Burner.waitFor(burning, 10);
        assertThat(collector.flushNow(Duration.ofSeconds(10))).isTrue();

        List<NamedStack> stacks = named(profilesOf(burning.pid()));
        assertThat(stacks).anySatisfy(s -> {
            List<String> user = s.userFrames();
            int outer = indexOf(user, "nj_outer");
            int middle = indexOf(user, "nj_middle");
            int inner = indexOf(user, "nj_inner_spin");
            assertThat(outer).as("nj_outer in " + user).isNotNegative();
            assertThat(middle).as("nj_middle after nj_outer in " + user).isEqualTo(outer + 1);
            assertThat(inner).as("nj_inner_spin after nj_middle in " + user).isEqualTo(middle + 1);
            assertThat(indexOf(user, "main")).as("main before nj_outer in " + user).isBetween(0, outer - 1);
        });
    }

    private static int indexOf(List<String> frames, String function) {
        for (int i = 0; i < frames.size(); i++) {
            if (Burner.isNamed(frames.get(i), function)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aProcessOutsideThePidFilterGetsNoSamples() throws IOException {
        start(ProfileSymbolizers::create, FLUSH);
        Process inside = burn(2.0);
        Process outside = burn(2.0);
        profile(Filter.newBuilder().addPids((int) inside.pid()).build());
        Burner.waitFor(inside, 10);
        Burner.waitFor(outside, 10);
        assertThat(collector.flushNow(Duration.ofSeconds(10))).isTrue();

        assertThat(samples(profilesOf(inside.pid()))).as("samples of the process in the filter").isPositive();
        assertThat(profilesOf(outside.pid())).as("profiles of the process outside the filter").isEmpty();
        assertThat(sink.matching(SensorEvent::hasStacks)).as("only the filtered pid is profiled")
                .allSatisfy(e -> assertThat(e.getStacks().getPid()).isEqualTo((int) inside.pid()));
    }

    @Test
    void aProcessThatExitsMidIntervalIsRememberedAndReported() throws IOException {
        RememberLog log = new RememberLog();
        // One long interval: the burner is gone well before its samples are read out.
        start(p -> log.wrap(ProfileSymbolizers.create(p)), Duration.ofSeconds(30));
        profile(Filter.getDefaultInstance());
        Process burning = burn(1.0);
        Burner.waitFor(burning, 10);
        long pid = burning.pid();
        assertThat(Files.exists(Path.of("/proc/" + pid))).as("the burner has exited").isFalse();
        assertThat(collector.flushNow(Duration.ofSeconds(10))).isTrue();

        assertThat(log.rememberedWhileAlive).as("remember(pid) was called while the process lived")
                .containsEntry((int) pid, true);
        List<StackSamples> profiles = profilesOf(pid);
        assertThat(samples(profiles)).as("samples of the exited burner").isPositive();
        assertThat(profiles).allSatisfy(p -> assertThat(p.getComm()).isEqualTo("nj_burner"));
        assertThat(named(profiles)).anySatisfy(s -> assertThat(endsWithChain(s.userFrames())).isTrue());
    }

    @Test
    void samplersRunOnlyWhileProfilesAreWantedAtTheAskedFrequency() throws IOException {
        start(ProfileSymbolizers::create, FLUSH);
        Process burning = burn(3.0);
        profile(Filter.newBuilder().addPids((int) burning.pid()).setProfileFrequencyHz(49).build());
        assertThat(collector.frequencyHz()).isEqualTo(49);
        collector.applyKinds(Set.of(EventKind.EVENT_KIND_FLOWS));
        assertThat(collector.sampling()).as("sampling with no profile subscriber").isFalse();
        collector.flushNow(Duration.ofSeconds(10));
        int before = sink.matching(SensorEvent::hasStacks).size();
        sleep(Duration.ofMillis(800));
        collector.flushNow(Duration.ofSeconds(10));
        assertThat(sink.matching(SensorEvent::hasStacks)).as("profiles while off").hasSize(before);

        collector.applyKinds(Set.of(EventKind.EVENT_KIND_PROFILE));
        assertThat(collector.sampling()).isTrue();
        Burner.waitFor(burning, 10);
        collector.flushNow(Duration.ofSeconds(10));
        List<StackSamples> profiles = profilesOf(burning.pid());
        assertThat(profiles).isNotEmpty().allSatisfy(p -> assertThat(p.getFrequencyHz()).isEqualTo(49));
    }

    @Test
    void aCpuWithoutPerfEventsTurnsTheFeatureOffWithAReason() throws IOException {
        // A sys root whose online list names a CPU this machine does not have: perf_event_open really fails.
        Path sys = tempDir.resolve("fake-sys");
        Files.createDirectories(sys.resolve("devices/system/cpu"));
        Files.writeString(sys.resolve("devices/system/cpu/online"), "0,4000\n");
        collector = new ProfileCollector(KernelCollectorsConfig.defaults().withSysRoot(sys), () -> lib,
                ProfileSymbolizers::create);
        collector.start(sink);
        assertThat(collector.state().getRunning()).isFalse();
        assertThat(collector.state().getReason()).startsWith("profile off: cannot open a CPU-clock perf event on CPU 4000")
                .contains("online").doesNotContain("Exception");
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Wraps the real symbolizer and notes, per remembered pid, whether the process was alive at that moment. */
    static final class RememberLog {
        final Map<Integer, Boolean> rememberedWhileAlive = new ConcurrentHashMap<>();

        StackSymbolizer wrap(StackSymbolizer real) {
            return new StackSymbolizer() {
                @Override
                public void remember(int pid) {
                    rememberedWhileAlive.merge(pid, Files.exists(Path.of("/proc/" + pid)), Boolean::logicalOr);
                    real.remember(pid);
                }

                @Override
                public List<SymbolizedFrame> kernelFrames(long[] addresses, int count) {
                    return real.kernelFrames(addresses, count);
                }

                @Override
                public List<SymbolizedFrame> userFrames(int pid, long[] addresses, int count) {
                    return real.userFrames(pid, addresses, count);
                }

                @Override
                public void forget(int pid) {
                    real.forget(pid);
                }

                @Override
                public SymbolizerStats stats() {
                    return real.stats();
                }

                @Override
                public void close() {
                    real.close();
                }
            };
        }
    }
}
