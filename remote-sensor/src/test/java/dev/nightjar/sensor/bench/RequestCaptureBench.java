package dev.nightjar.sensor.bench;

import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.sensor.collect.KernelCollectorsConfig;
import dev.nightjar.sensor.lab.TaskCgroup;
import dev.nightjar.sensor.requests.RequestCollector;
import dev.nightjar.sensor.requests.SocketChunk;
import dev.nightjar.sensor.requests.SocketChunkSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cost of the request capture per socket call: a python process in a cgroup of its own sends
 * 256 bytes over loopback TCP and receives them, PAIRS times, and prints the mean time per
 * send+receive pair. Rounds alternate capture off (nothing attached) and on (the cgroup
 * selected: both calls copied into the ring, drained by the collector into a counting sink).
 * Not a test; run as root:
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp TEST_CLASSPATH dev.nightjar.sensor.bench.RequestCaptureBench [pairs] [rounds]
 * </pre>
 */
public final class RequestCaptureBench {

    private static final String SCRIPT = """
            import socket, sys, time
            n = int(sys.argv[1])
            listener = socket.socket(); listener.bind(('127.0.0.1', 0)); listener.listen(1)
            a = socket.create_connection(listener.getsockname()); b, _ = listener.accept()
            message = b'x' * 256
            start = time.perf_counter_ns()
            for i in range(n):
                a.send(message); b.recv(256)
            print((time.perf_counter_ns() - start) / n)
            """;

    private RequestCaptureBench() {
    }

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        AtomicLong chunks = new AtomicLong();
        SocketChunkSink counting = new SocketChunkSink() {
            @Override
            public void configure(Filter requests) {
            }

            @Override
            public void chunk(SocketChunk chunk) {
                chunks.incrementAndGet();
            }

            @Override
            public void closed(long connectionId, long timestampNs) {
            }

            @Override
            public void tick(long nowNs) {
            }
        };
        try (TaskCgroup cgroup = TaskCgroup.create("njb-requests");
             RequestCollector collector = new RequestCollector(KernelCollectorsConfig.defaults(), events -> counting)) {
            collector.start(event -> { });
            List<Double> off = new ArrayList<>();
            List<Double> on = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                collector.applyFilter(Filter.getDefaultInstance());
                off.add(run(cgroup, pairs));
                collector.applyFilter(Filter.newBuilder().addCgroupIds(cgroup.id()).build());
                long before = chunks.get();
                on.add(run(cgroup, pairs));
                Thread.sleep(200);
                System.out.printf("round %d: off %.0f ns/pair, on %.0f ns/pair, %d chunks%n", round,
                        off.getLast(), on.getLast(), chunks.get() - before);
            }
            double offMedian = median(off);
            double onMedian = median(on);
            System.out.printf("median: off %.0f ns, on %.0f ns per send+receive pair: +%.0f ns per call;"
                    + " losses %s%n", offMedian, onMedian, (onMedian - offMedian) / 2, collector.lossCounters());
        }
    }

    private static double run(TaskCgroup cgroup, int pairs) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cgroup.inside(List.of("/usr/bin/python3", "-c", SCRIPT,
                Integer.toString(pairs)))).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return Double.parseDouble(out);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
