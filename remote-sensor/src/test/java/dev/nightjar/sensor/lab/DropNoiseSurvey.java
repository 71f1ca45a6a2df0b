package dev.nightjar.sensor.lab;

import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.sensor.collect.KernelCollectorsConfig;
import dev.nightjar.sensor.drops.DropCollector;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which drop reasons fire on this host when idle and under the lab's normal
 * traffic, with every reason included: the evidence for the default noise
 * filter (bpf/README.md). Not a test; run by hand as root:
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp TEST_CLASSPATH dev.nightjar.sensor.lab.DropNoiseSurvey 60
 * </pre>
 */
public final class DropNoiseSurvey {

    private DropNoiseSurvey() {
    }

    public static void main(String[] args) throws InterruptedException {
        int idleSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        RecordingSink sink = new RecordingSink();
        try (DropCollector drops = new DropCollector(KernelCollectorsConfig.defaults())) {
            drops.start(sink);
            if (!drops.state().getRunning()) {
                System.err.println("drops not running: " + drops.state().getReason());
                System.exit(1);
            }
            drops.applyFilter(Filter.newBuilder().setIncludeNoiseDrops(true).build());
            Thread.sleep(Duration.ofSeconds(idleSeconds));
            drops.flushNow(Duration.ofSeconds(10));
            int idleEvents = sink.matching(e -> true).size();
            report("idle host, " + idleSeconds + " s", sink, 0);

            try (NetnsLab lab = NetnsLab.create()) {
                for (boolean ipv6 : new boolean[] {false, true}) {
                    for (int i = 0; i < 10; i++) {
                        LabTraffic.tcpExchange(lab, ipv6, LabTraffic.randomPort(), 20_000, 20_000);
                        LabTraffic.udpExchange(lab, ipv6, LabTraffic.randomPort(), 3, 100, 100);
                    }
                }
                Thread.sleep(2_000);
                drops.flushNow(Duration.ofSeconds(10));
            }
            report("lab: 20 TCP exchanges and 20 UDP exchanges (IPv4 and IPv6), normal closes", sink, idleEvents);
        }
    }

    private static void report(String title, RecordingSink sink, int skip) {
        Map<String, Long> byReasonAndLocation = new TreeMap<>();
        sink.matching(SensorEvent::hasDrop).stream().skip(skip).map(SensorEvent::getDrop).forEach((DropEvent d) ->
                byReasonAndLocation.merge(d.getReasonName() + " at " + d.getLocation().replaceAll("\\+.*", ""),
                        d.getCount(), Long::sum));
        System.out.println("## " + title);
        if (byReasonAndLocation.isEmpty()) {
            System.out.println("(no drops)");
        }
        byReasonAndLocation.forEach((k, v) -> System.out.println(v + "\t" + k));
    }
}
