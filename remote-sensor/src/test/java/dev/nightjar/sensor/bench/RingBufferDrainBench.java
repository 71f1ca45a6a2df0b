package dev.nightjar.sensor.bench;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.nightjar.sensor.bpf.BpfArch;
import dev.nightjar.sensor.bpf.EmbeddedBpfObjects;
import dev.nightjar.sensor.libbpf.BpfMap;
import dev.nightjar.sensor.libbpf.BpfObject;
import dev.nightjar.sensor.libbpf.LibBpf;
import dev.nightjar.sensor.libbpf.RingBuffer;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Ring buffer drain rate: the Java path (RingBuffer reading the mapped ring)
 * against libbpf's ring_buffer__poll in a small C program, both consuming the
 * same BPF producer (bpf/test/bench_ringbuf.bpf.c). Each round first produces
 * RECORDS records (getppid() calls; the consumer is idle meanwhile), then
 * times draining them all. Not a test; run as root:
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp TEST_CLASSPATH dev.nightjar.sensor.bench.RingBufferDrainBench [records] [rounds]
 * </pre>
 */
public final class RingBufferDrainBench {

    private static final MethodHandle GETPPID = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("getppid").orElseThrow(), FunctionDescriptor.of(JAVA_INT));

    private RingBufferDrainBench() {
    }

    public static void main(String[] args) throws Throwable {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int warmup = 3;
        List<Long> java = javaRounds(records, rounds + warmup).subList(warmup, rounds + warmup);
        List<Long> c = cRounds(records, rounds + warmup).subList(warmup, rounds + warmup);
        System.out.printf("records per round: %d, measured rounds: %d (after %d warm-up rounds)%n", records, rounds, warmup);
        print("Java RingBuffer.drain (mmap, no upcall)", records, java);
        print("C ring_buffer__poll (libbpf 1.1)", records, c);
    }

    private static void print(String what, int records, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        long median = sorted.get(sorted.size() / 2);
        System.out.printf("%-42s median %6.1f ns/record  %6.2f M records/s  (min %.1f, max %.1f ns/record)%n", what,
                (double) median / records, records * 1e3 / median, (double) sorted.get(0) / records,
                (double) sorted.get(sorted.size() - 1) / records);
    }

    private static List<Long> javaRounds(int records, int rounds) throws Throwable {
        List<Long> result = new ArrayList<>();
        try (BpfObject object = BpfObject.openEmbedded(LibBpf.system(), "bench_ringbuf");
             Arena arena = Arena.ofConfined()) {
            object.load();
            MemorySegment key = arena.allocate(JAVA_INT);
            MemorySegment tgid = arena.allocate(JAVA_INT);
            tgid.set(JAVA_INT, 0, (int) ProcessHandle.current().pid());
            object.map("bench_tgid").update(key, tgid, BpfMap.UpdateMode.ANY);
            RingBuffer ring = object.ringBuffer("bench_ring");
            object.program("bench_producer").attach();
            long[] checksum = {0};
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < records; i++) {
                    int unused = (int) GETPPID.invokeExact();
                }
                long start = System.nanoTime();
                int drained = 0;
                while (drained < records) {
                    drained += ring.drain(r -> checksum[0] += r.get(JAVA_LONG, 0), Integer.MAX_VALUE);
                }
                result.add(System.nanoTime() - start);
            }
            System.err.println("java checksum " + checksum[0]);
        }
        return result;
    }

    private static List<Long> cRounds(int records, int rounds) throws IOException, InterruptedException {
        Path object = Path.of(RingBufferDrainBench.class.getResource(
                EmbeddedBpfObjects.resourcePath(BpfArch.ofThisJvm(), "bench_ringbuf")).getPath());
        Path source = Path.of("src/test/c/ringbuf_drain_bench.c");
        if (!Files.exists(source)) {
            source = Path.of("remote-sensor/src/test/c/ringbuf_drain_bench.c");
        }
        Path binary = Files.createTempFile("ringbuf_drain_bench", "");
        try {
            run(List.of("cc", "-O2", source.toString(), "-lbpf", "-o", binary.toString()));
            String out = run(List.of(binary.toString(), object.toString(), String.valueOf(records), String.valueOf(rounds)));
            List<Long> result = new ArrayList<>();
            for (String line : out.split("\n")) {
                String[] f = line.split(" ");
                if (f.length == 3 && f[0].equals("c")) {
                    result.add(Long.parseLong(f[2]));
                }
            }
            return result;
        } finally {
            Files.deleteIfExists(binary);
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
