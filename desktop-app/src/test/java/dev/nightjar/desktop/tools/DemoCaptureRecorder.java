package dev.nightjar.desktop.tools;

import dev.nightjar.desktop.bundle.BundleExport;
import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.cluster.ClusterSnapshot;
import dev.nightjar.desktop.lab.ShopCluster;
import dev.nightjar.desktop.lab.ShopLab;
import dev.nightjar.desktop.stream.LocalSensor;
import dev.nightjar.desktop.stream.SensorStream;
import dev.nightjar.protocol.PayloadKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Records the demo capture that ships with the app: the real sensor on this machine's
 * kernel watching the shop lab (frontend → cart → payments → orders-db and kube-dns in
 * network namespaces, speaking HTTP, gRPC, PostgreSQL and DNS with their failures, an
 * egress drop, a closed port, slow syscalls, a CPU-heavy call chain) for {@link #RECORD},
 * with a Kubernetes snapshot that names the lab's processes as the pods of namespace
 * {@code shop} (and kube-system's DNS). Run it with {@code desktop-app/src/demo/record-demo.sh}
 * (root, with dnsmasq and PostgreSQL 15 installed); the result replaces
 * {@code src/main/resources/dev/nightjar/desktop/demo/shop-demo.njcap}. DemoCaptureTest and
 * DemoRequestsPageTest say what a recording must hold.
 */
public final class DemoCaptureRecorder {

    static final Duration RECORD = Duration.ofSeconds(20);
    static final String NODE = "worker-1";
    static final String NODE_ADDRESS = "10.0.0.21";
    static final Path DEFAULT_OUT = Path.of("src/main/resources/dev/nightjar/desktop/demo/shop-demo.njcap");

    private DemoCaptureRecorder() {
    }

    public static void main(String[] args) throws Exception {
        Path out = args.length > 0 ? Path.of(args[0]) : DEFAULT_OUT;
        Path jar = Path.of("..", "remote-sensor", "target", "nightjar-sensor.jar").toAbsolutePath().normalize();
        if (!LocalSensor.isRoot() || !Files.isRegularFile(jar)) {
            System.err.println("Run as root after building the sensor: ./mvnw -pl remote-sensor -am package");
            System.exit(2);
        }
        CaptureStore store = new CaptureStore(StoreLimits.defaults());
        // The sensor first: on a loaded machine it takes seconds to start, and the lab's services
        // run for a fixed time from their start.
        try (LocalSensor sensor = LocalSensor.start(jar, Path.of(System.getProperty("java.home")),
                     List.of("--node-name", NODE));
             ShopLab lab = ShopLab.start(RECORD.plusSeconds(15))) {
            try (SensorStream stream = new SensorStream(sensor::address, sensor.token(), lab.subscription(), store,
                    state -> System.out.println("stream: " + state), Clock.systemUTC())) {
                stream.start();
                Thread.sleep(RECORD.toMillis());
            }
            ClusterSnapshot snapshot = ShopCluster.of(lab, NODE, NODE_ADDRESS);
            Files.createDirectories(out.toAbsolutePath().getParent());
            BundleExport.write(store, out, snapshot);
            System.out.printf("wrote %s: %,d bytes%n", out, Files.size(out));
            for (PayloadKind kind : PayloadKind.records()) {
                System.out.printf("  %-20s %,d%n", kind.plural(), store.node(NODE).map(n -> n.size(kind)).orElse(0));
            }
            System.out.printf("  lost: %,d%n", store.totalLost());
        }
    }
}
