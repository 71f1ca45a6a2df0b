package dev.nightjar.desktop.export;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.requests.AppProtocols;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.text.IpAddressText;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.RequestStats;
import dev.nightjar.protocol.v1.SensorEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * RED metrics (from RequestStats) and packet drop counts as OpenMetrics text
 * (https://prometheus.io/docs/specs/om/open_metrics_spec/), each sample stamped with the end
 * of the interval it counts, so {@code promtool tsdb create-blocks-from openmetrics} loads it
 * into Prometheus as it happened:
 * <ul>
 *   <li>{@code nightjar_requests_total}, {@code nightjar_request_errors_total}: counters per
 *       node, client, server, protocol, method, route and status class, summed from the start
 *       of the window;</li>
 *   <li>{@code nightjar_request_duration_seconds}: a histogram with the sensor's log2 buckets
 *       as {@code le} bounds (2^(i+1) ns), cumulative the same way;</li>
 *   <li>{@code nightjar_drops_total}: packets dropped per node and kernel reason.</li>
 * </ul>
 */
public final class RedOpenMetrics {

    private RedOpenMetrics() {
    }

    /** One interval's sums for one series. */
    private static final class Interval {
        long count;
        long errors;
        long latencyNs;
        final long[] buckets = new long[64];
    }

    /** @return samples written (lines that are not comments) */
    public static long write(CaptureStore store, TimeWindow window, OutputStream out) throws IOException {
        Map<String, TreeMap<Long, Interval>> requests = new LinkedHashMap<>();
        Map<String, TreeMap<Long, Long>> drops = new LinkedHashMap<>();
        for (String node : store.nodeNames()) {
            var capture = store.node(node).orElseThrow();
            for (SensorEvent e : capture.events(PayloadKind.REQUEST_STATS, window)) {
                RequestStats s = e.getRequestStats();
                Interval i = requests.computeIfAbsent(requestLabels(node, s), k -> new TreeMap<>())
                        .computeIfAbsent(endNs(s.getIntervalEndNs(), e), k -> new Interval());
                i.count += s.getCount();
                i.errors += s.getErrors();
                i.latencyNs += s.getTotalLatencyNs();
                for (int b = 0; b < s.getLog2BucketsCount(); b++) {
                    i.buckets[Math.min(b, 63)] += s.getLog2Buckets(b);
                }
            }
            for (SensorEvent e : capture.events(PayloadKind.DROP, window)) {
                DropEvent d = e.getDrop();
                drops.computeIfAbsent(labels("node", node, "reason", d.getReasonName().isEmpty()
                        ? Long.toString(d.getReasonCode()) : d.getReasonName()), k -> new TreeMap<>())
                        .merge(endNs(d.getLastSeenNs(), e), d.getCount(), Long::sum);
            }
        }
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        long samples = 0;
        samples += counter(w, "nightjar_requests", "Requests counted by the sensor (every one, not only those sent whole).",
                requests, i -> i.count);
        samples += counter(w, "nightjar_request_errors", "Requests that failed by their protocol (HTTP 5xx, gRPC not OK,"
                + " DNS rcode not NOERROR, PostgreSQL error, Redis error reply).", requests, i -> i.errors);
        samples += histogram(w, requests);
        w.write("# TYPE nightjar_drops counter\n# HELP nightjar_drops Packets the kernel dropped, by reason.\n");
        for (var series : drops.entrySet()) {
            long total = 0;
            for (var at : series.getValue().entrySet()) {
                total += at.getValue();
                sample(w, "nightjar_drops_total", series.getKey(), Long.toString(total), at.getKey());
                samples++;
            }
        }
        w.write("# EOF\n");
        w.flush();
        return samples;
    }

    private interface Value {
        long of(Interval interval);
    }

    private static long counter(Writer w, String family, String help, Map<String, TreeMap<Long, Interval>> series,
                                Value value) throws IOException {
        w.write("# TYPE " + family + " counter\n# HELP " + family + " " + help + "\n");
        long samples = 0;
        for (var s : series.entrySet()) {
            long total = 0;
            for (var at : s.getValue().entrySet()) {
                total += value.of(at.getValue());
                sample(w, family + "_total", s.getKey(), Long.toString(total), at.getKey());
                samples++;
            }
        }
        return samples;
    }

    private static long histogram(Writer w, Map<String, TreeMap<Long, Interval>> series) throws IOException {
        String family = "nightjar_request_duration_seconds";
        w.write("# TYPE " + family + " histogram\n# UNIT " + family + " seconds\n# HELP " + family
                + " Request latency; the sensor's log2 buckets: le is 2^(i+1) ns.\n");
        long samples = 0;
        for (var s : series.entrySet()) {
            // The same bounds at every timestamp of a series: up to its slowest bucket ever.
            int top = 0;
            for (Interval i : s.getValue().values()) {
                for (int b = 0; b < 64; b++) {
                    if (i.buckets[b] > 0) {
                        top = Math.max(top, b);
                    }
                }
            }
            long[] cumulative = new long[top + 1];
            long count = 0;
            long sumNs = 0;
            for (var at : s.getValue().entrySet()) {
                Interval i = at.getValue();
                long below = 0;
                for (int b = 0; b <= top; b++) {
                    cumulative[b] += i.buckets[b];
                }
                count += i.count;
                sumNs += i.latencyNs;
                for (int b = 0; b <= top; b++) {
                    below += cumulative[b];
                    sample(w, family + "_bucket", s.getKey() + ",le=\"" + upperSeconds(b) + "\"", Long.toString(below),
                            at.getKey());
                }
                sample(w, family + "_bucket", s.getKey() + ",le=\"+Inf\"", Long.toString(count), at.getKey());
                sample(w, family + "_count", s.getKey(), Long.toString(count), at.getKey());
                sample(w, family + "_sum", s.getKey(), seconds(sumNs), at.getKey());
                samples += top + 4;
            }
        }
        return samples;
    }

    /** 2^(b+1) ns in seconds, exactly (a power of two over 10^9 has a finite decimal). */
    static String upperSeconds(int bucket) {
        return seconds(BigDecimal.valueOf(2).pow(bucket + 1));
    }

    private static String seconds(long ns) {
        return seconds(BigDecimal.valueOf(ns));
    }

    private static String seconds(BigDecimal ns) {
        BigDecimal s = ns.movePointLeft(9).stripTrailingZeros();
        return s.scale() <= 0 ? s.setScale(1).toPlainString() : s.toPlainString();
    }

    private static void sample(Writer w, String name, String labels, String value, long atNs) throws IOException {
        w.write(name);
        w.write('{');
        w.write(labels);
        w.write("} ");
        w.write(value);
        w.write(' ');
        w.write(seconds(atNs));
        w.write('\n');
    }

    /** The interval's end; the event's own time for a sensor that sent none. */
    private static long endNs(long endNs, SensorEvent e) {
        return endNs != 0 ? endNs : e.getTimestampNs();
    }

    private static String requestLabels(String node, RequestStats s) {
        String client = IpAddressText.of(s.getClientAddr());
        String server = IpAddressText.of(s.getServerAddr());
        return labels("node", node, "client", client, "server", server,
                "server_port", Integer.toString(s.getServerPort()), "protocol", AppProtocols.name(s.getProtocol()),
                "method", s.getMethod(), "route", s.getRoute(), "status_class", s.getStatusClass());
    }

    private static String labels(String... nameValue) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < nameValue.length; i += 2) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(nameValue[i]).append("=\"").append(escape(nameValue[i + 1])).append('"');
        }
        return sb.toString();
    }

    /** OpenMetrics label value escaping: backslash, double quote, line feed. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
