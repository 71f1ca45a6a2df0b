package dev.nightjar.sensor.bench;

import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.sensor.collect.KernelCollectorsConfig;
import dev.nightjar.sensor.security.SecurityCollector;
import dev.nightjar.sensor.security.policy.DefaultPolicies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU time per open()+close() of a C loop (src/test/c/open_loop_bench.c, compiled here with cc):
 * no sensor; the default policies with a path none of them matches (/proc/sys/vm/overcommit_memory);
 * the default policies plus one matching every open of /proc/sys/kernel/ostype (rate-limited in
 * the kernel). Both paths are also timed without the sensor. Rounds alternate; medians printed.
 * A plain harness, not a test.
 *
 * <pre>java ... dev.nightjar.sensor.bench.SecurityOpenBench ITERATIONS ROUNDS</pre>
 */
public final class SecurityOpenBench {

    private static final String MATCHING = """
            apiVersion: cilium.io/v1alpha1
            kind: TracingPolicy
            metadata:
              name: bench-ostype
            spec:
              kprobes:
              - call: security_file_open
                args:
                - index: 0
                  type: file
                selectors:
                - matchArgs:
                  - index: 0
                    operator: Equal
                    values: [/proc/sys/kernel/ostype]
            """;

    private SecurityOpenBench() {
    }

    public static void main(String[] args) throws Exception {
        long iterations = Long.parseLong(args[0]);
        int rounds = Integer.parseInt(args[1]);
        Path loop = Files.createTempFile("open_loop_bench", "");
        run(List.of("cc", "-O2", "-o", loop.toString(), "src/test/c/open_loop_bench.c"));
        String other = "/proc/sys/vm/overcommit_memory";
        List<Double> noneOther = new ArrayList<>();
        List<Double> none = new ArrayList<>();
        List<Double> notMatching = new ArrayList<>();
        List<Double> matching = new ArrayList<>();
        AtomicLong events = new AtomicLong();
        for (int round = 0; round < rounds; round++) {
            none.add(Double.parseDouble(run(List.of(loop.toString(), "/proc/sys/kernel/ostype", Long.toString(iterations)))));
            noneOther.add(Double.parseDouble(run(List.of(loop.toString(), other, Long.toString(iterations)))));
            try (SecurityCollector collector = new SecurityCollector(KernelCollectorsConfig.defaults()
                    .withFlushInterval(Duration.ofSeconds(1)))) {
                collector.start(e -> events.incrementAndGet());
                List<String> policies = new ArrayList<>(DefaultPolicies.yaml());
                collector.applyFilter(Filter.newBuilder().addAllSecurityPolicies(policies).build());
                notMatching.add(Double.parseDouble(run(List.of(loop.toString(), other, Long.toString(iterations)))));
                policies.add(MATCHING);
                collector.applyFilter(Filter.newBuilder().addAllSecurityPolicies(policies).build());
                matching.add(Double.parseDouble(run(List.of(loop.toString(), "/proc/sys/kernel/ostype", Long.toString(iterations)))));
            }
        }
        System.out.printf("ns CPU per open+close, median of %d rounds x %d:%n  %s: no sensor %.1f, default policies"
                + " (none matches) %.1f%n  /proc/sys/kernel/ostype: no sensor %.1f, a policy matching %.1f"
                + " (events published %d)%n", rounds, iterations, other, median(noneOther), median(notMatching),
                median(none), median(matching), events.get());
        Files.deleteIfExists(loop);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command + " failed: " + out);
        }
        return out;
    }
}
