package dev.nightjar.desktop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.bundle.BundleExport;
import dev.nightjar.desktop.bundle.BundleImport;
import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.export.FlowJsonLines;
import dev.nightjar.desktop.export.RequestLine;
import dev.nightjar.desktop.testing.RequestFixtures;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.SensorEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bundle export-requests} and {@code bundle export-metrics} on a bundle of realistic
 * requests and stats (RequestFixtures) plus two drop records; the metrics are loaded into a
 * Prometheus TSDB by the real consumer, {@code promtool} (Debian's prometheus package, in .ci/run).
 */
class RequestExportsTest {

    private static final long END_MS = (RequestFixtures.START_NS + 1_000_000_000L) / 1_000_000;
    private static final String ORDERS = "client=\"10.0.1.10\",server=\"10.0.2.20\",server_port=\"8080\",protocol=\"http\","
            + "method=\"GET\",route=\"/api/orders/{id}\",status_class=\"2xx\"";

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private Path bundle() throws Exception {
        CaptureStore store = new CaptureStore(StoreLimits.defaults());
        BundleImport.into(RequestFixtures.bundle(dir.resolve("in.njcap")), store);
        long seq = 100;
        for (long count : new long[] {3, 4}) {
            long at = RequestFixtures.START_NS + 500_000_000L * (seq - 99);
            store.accept(SensorEvent.newBuilder().setNode(RequestFixtures.NODE).setSequence(seq++).setTimestampNs(at)
                    .setDrop(DropEvent.newBuilder().setReasonName("NETFILTER_DROP").setCount(count)
                            .setFirstSeenNs(at).setLastSeenNs(at)).build());
        }
        Path bundle = dir.resolve("requests.njcap");
        BundleExport.write(store, bundle);
        return bundle;
    }

    @Test
    void exportRequestsWritesOneLinePerRequestWithItsProtocolsFields() throws Exception {
        Path jsonl = dir.resolve("requests.jsonl");
        assertThat(cli.run("bundle", "export-requests", bundle().toString(), "--out", jsonl.toString())).isZero();
        assertThat(cli.out.toString()).isEqualTo("wrote 6 requests to " + jsonl + "\n");

        List<RequestLine> lines = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            lines.add(FlowJsonLines.MAPPER.readValue(line, RequestLine.class));
        }
        assertThat(lines).extracting(RequestLine::protocol, RequestLine::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("http", "200"), org.assertj.core.groups.Tuple.tuple("http", "404"),
                org.assertj.core.groups.Tuple.tuple("http", "500"),
                org.assertj.core.groups.Tuple.tuple("grpc", "UNAVAILABLE"),
                org.assertj.core.groups.Tuple.tuple("dns", "NXDOMAIN"),
                org.assertj.core.groups.Tuple.tuple("postgres", "SELECT 1"));
        RequestLine failed = lines.get(2);
        assertThat(failed.srcAddr() + ":" + failed.srcPort() + " -> " + failed.dstAddr() + ":" + failed.dstPort())
                .isEqualTo("10.0.1.10:40003 -> 10.0.2.20:8080");
        assertThat(failed.error()).isTrue();
        assertThat(failed.latencyNs()).isEqualTo(41_000_000);
        assertThat(failed.http().status()).isEqualTo(500);
        assertThat(failed.http().path()).isEqualTo("/api/checkout?cart=?");
        assertThat(failed.dns()).isNull();
        assertThat(lines.get(4).dns().rcodeName()).isEqualTo("NXDOMAIN");
        assertThat(lines.get(5).postgres().statement()).isEqualTo("SELECT pg_sleep(?)");
        assertThat(Files.readAllLines(jsonl).get(2)).as("absent details are left out, not null")
                .doesNotContain("\"dns\"").contains("\"http\":{\"method\":\"POST\"");
    }

    @Test
    void exportMetricsIsOpenMetricsThatPromtoolLoadsWithTheCountsAndBuckets() throws Exception {
        Path om = dir.resolve("metrics.om.txt");
        assertThat(cli.run("bundle", "export-metrics", bundle().toString(), "--out", om.toString())).isZero();
        String text = Files.readString(om);
        String at = " 1764000001.0\n";
        assertThat(text).startsWith("# TYPE nightjar_requests counter\n").endsWith("# EOF\n")
                .contains("nightjar_requests_total{node=\"worker-1\"," + ORDERS + "} 100" + at)
                .contains("nightjar_request_errors_total{node=\"worker-1\"," + ORDERS.replace("GET", "POST")
                        .replace("/api/orders/{id}", "/api/checkout").replace("2xx", "5xx") + "} 10" + at)
                // 80 in bucket 20 ([2^20, 2^21) ns): le = 2^21 ns = 0.002097152 s
                .contains("nightjar_request_duration_seconds_bucket{node=\"worker-1\"," + ORDERS
                        + ",le=\"0.002097152\"} 80" + at)
                .contains("nightjar_request_duration_seconds_bucket{node=\"worker-1\"," + ORDERS
                        + ",le=\"0.016777216\"} 95" + at)
                .contains("nightjar_request_duration_seconds_bucket{node=\"worker-1\"," + ORDERS + ",le=\"+Inf\"} 100" + at)
                .contains("nightjar_drops_total{node=\"worker-1\",reason=\"NETFILTER_DROP\"} 3 1764000000.5\n")
                .contains("nightjar_drops_total{node=\"worker-1\",reason=\"NETFILTER_DROP\"} 7 1764000001.0\n");

        boolean ci = "true".equals(System.getenv("CI"));
        Assumptions.assumeTrue(ci || Files.isExecutable(Path.of("/usr/bin/promtool")),
                "promtool (Debian's prometheus package) is not installed; .ci/run installs it");
        Path tsdb = dir.resolve("tsdb");
        assertThat(run("promtool", "tsdb", "create-blocks-from", "openmetrics", om.toString(), tsdb.toString()))
                .contains("BLOCK ULID").contains("1764000000500  1764000001001");
        // dump opens the directory as a database, which has a write-ahead log; blocks alone have none.
        Files.createDirectories(tsdb.resolve("wal"));
        String dump = run("promtool", "tsdb", "dump", tsdb.toString());
        assertThat(dump.lines().filter(l -> l.startsWith("{__name__=\"nightjar_requests_total\"")
                && l.contains("route=\"/api/orders/{id}\"")))
                .singleElement().asString().endsWith(" 100 " + END_MS);
        assertThat(dump.lines().filter(l -> l.startsWith("{__name__=\"nightjar_request_duration_seconds_bucket\"")
                && l.contains("le=\"0.002097152\"") && l.contains("route=\"/api/orders/{id}\"")))
                .singleElement().asString().endsWith(" 80 " + END_MS);
        assertThat(dump.lines().filter(l -> l.startsWith("{__name__=\"nightjar_drops_total\"")))
                .extracting(l -> l.substring(l.indexOf("} ") + 2))
                .containsExactly("3 " + (END_MS - 500), "7 " + END_MS);
    }

    private String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", String.join(" ", command)).isTrue();
        String text = new String(out, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), text).isZero();
        return text;
    }
}
