package dev.nightjar.sensor.bench;

import dev.nightjar.sensor.btf.KernelSymbols;
import dev.nightjar.sensor.symbols.ElfReader;
import dev.nightjar.sensor.symbols.ElfSymbols;
import dev.nightjar.sensor.symbols.MappedRegion;
import dev.nightjar.sensor.symbols.ProcMaps;
import dev.nightjar.sensor.symbols.StackSymbolizer;
import dev.nightjar.sensor.symbols.StackSymbolizers;
import dev.nightjar.sensor.symbols.SymbolizedFrame;
import dev.nightjar.sensor.symbols.SymbolizerStats;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Symbolization throughput and memory, on this JVM's own process (it maps libjvm and libc):
 * <ul>
 *   <li>cold: a fresh symbolizer reads libjvm / libc (page cache warm: this is parsing, not disk);
 *       and {@code remember} of the whole JVM process (every executable mapping);</li>
 *   <li>warm: random addresses inside libjvm's and libc's text, in stacks of 32, through
 *       {@code userFrames} with every table cached: frames per second;</li>
 *   <li>memory: estimated bytes held per binary.</li>
 * </ul>
 * Not a test. Run:
 * <pre>
 * java -cp TEST_CLASSPATH dev.nightjar.sensor.bench.SymbolizerBench [frames] [rounds]
 * </pre>
 */
public final class SymbolizerBench {

    private static final Path PROC = Path.of("/proc");
    private static final int STACK_DEPTH = 32;

    private SymbolizerBench() {
    }

    public static void main(String[] args) {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int warmup = 3;
        int pid = (int) ProcessHandle.current().pid();
        ProcMaps maps = ProcMaps.read(PROC, pid).orElseThrow();
        MappedRegion libjvm = region(maps, "/libjvm.so");
        MappedRegion libc = region(maps, "/libc.so.6");
        KernelSymbols kernel = KernelSymbols.load(PROC);

        for (MappedRegion r : List.of(libjvm, libc)) {
            Path file = Path.of(r.path());
            List<Long> nanos = new ArrayList<>();
            ElfSymbols symbols = null;
            for (int i = 0; i < rounds + warmup; i++) {
                long start = System.nanoTime();
                symbols = ElfReader.read(file);
                nanos.add(System.nanoTime() - start);
            }
            System.out.printf("cold read %-12s %7d symbols  median %7.2f ms  %6.2f MiB held (%5.1f bytes/symbol)  build id %s%n",
                    r.label(), symbols.symbolCount(), median(nanos.subList(warmup, nanos.size())) / 1e6,
                    symbols.estimatedBytes() / 1048576.0, (double) symbols.estimatedBytes() / symbols.symbolCount(),
                    symbols.buildId().isEmpty() ? "(none)" : symbols.buildId());
        }

        List<Long> rememberNanos = new ArrayList<>();
        SymbolizerStats afterRemember = null;
        for (int i = 0; i < rounds + warmup; i++) {
            try (StackSymbolizer fresh = StackSymbolizers.onNode(PROC, kernel)) {
                long start = System.nanoTime();
                fresh.remember(pid);
                rememberNanos.add(System.nanoTime() - start);
                afterRemember = fresh.stats();
            }
        }
        System.out.printf("cold remember(JVM pid): median %.2f ms for %d binaries, %.2f MiB held%n",
                median(rememberNanos.subList(warmup, rememberNanos.size())) / 1e6, afterRemember.cachedBinaries(),
                afterRemember.cachedSymbolBytes() / 1048576.0);

        long[] addresses = new long[frames];
        Random random = new Random(1);
        for (int i = 0; i < frames; i++) {
            MappedRegion r = random.nextBoolean() ? libjvm : libc;
            addresses[i] = r.start() + (long) (random.nextDouble() * (r.end() - r.start()));
        }
        try (StackSymbolizer warm = StackSymbolizers.onNode(PROC, kernel)) {
            warm.remember(pid);
            long[] stack = new long[STACK_DEPTH];
            List<Long> nanos = new ArrayList<>();
            List<Long> cpuNanos = new ArrayList<>();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long checksum = 0;
            for (int round = 0; round < rounds + warmup; round++) {
                long cpuStart = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                for (int at = 0; at + STACK_DEPTH <= frames; at += STACK_DEPTH) {
                    System.arraycopy(addresses, at, stack, 0, STACK_DEPTH);
                    for (SymbolizedFrame f : warm.userFrames(pid, stack, STACK_DEPTH)) {
                        checksum += f.name().length();
                    }
                }
                nanos.add(System.nanoTime() - start);
                cpuNanos.add(threads.getCurrentThreadCpuTime() - cpuStart);
            }
            SymbolizerStats stats = warm.stats();
            long median = median(nanos.subList(warmup, nanos.size()));
            long cpuMedian = median(cpuNanos.subList(warmup, cpuNanos.size()));
            // Wall time suffers when other work shares the cores; the thread's CPU time is what a frame costs.
            System.out.printf("warm userFrames: %d frames/round in stacks of %d: wall median %.1f ns/frame = %.2f M frames/s;"
                    + " thread CPU median %.1f ns/frame = %.2f M frames/s per core  (named %.1f%%)%n", frames, STACK_DEPTH,
                    (double) median / frames, frames * 1e3 / median, (double) cpuMedian / frames, frames * 1e3 / cpuMedian,
                    100.0 * stats.framesNamed() / (stats.framesNamed() + stats.framesUnnamed()));
            System.err.println("checksum " + checksum);
        }
    }

    private static MappedRegion region(ProcMaps maps, String suffix) {
        return maps.regions().stream().filter(r -> r.path().endsWith(suffix)).findFirst()
                .orElseThrow(() -> new IllegalStateException("this JVM maps no " + suffix));
    }

    private static long median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
