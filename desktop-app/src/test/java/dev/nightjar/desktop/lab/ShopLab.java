package dev.nightjar.desktop.lab;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.SubscribeRequest;
import dev.nightjar.testing.Requires;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The shop lab of {@code src/test/lab/}: frontend → cart → payments → orders-db, with
 * kube-dns beside them, five pods in network namespaces of their own on one bridge. The three
 * workloads speak HTTP/1.1 (500s from a failing checkout, a slow route), gRPC (UNAVAILABLE from
 * one method), DNS (an NXDOMAIN) and PostgreSQL (a unique violation) to each other and to
 * Debian's dnsmasq and PostgreSQL; there is an egress drop rule in frontend, a closed port on
 * cart, a missing file, slow syscalls and a named CPU-heavy call chain. Everything it creates
 * lives in namespaces it made; {@link #close()} removes them. The services end by themselves
 * after the time given to {@link #start}.
 */
public final class ShopLab implements AutoCloseable {

    /**
     * One service of the shop: its process id on the host, address, network namespace, and
     * the pod UID and container id its cgroup path carries (as the kubelet lays them out).
     */
    public record Service(String name, long pid, InetAddress ip, String netns, String podUid, String containerId) {
    }

    private static final Path SCRIPT = Path.of("src/test/lab/shop-lab.sh");
    private static final long SCRIPT_TIMEOUT_SECONDS = 60;

    private final Path dir;
    private final Map<String, Service> services;

    private ShopLab(Path dir, Map<String, Service> services) {
        this.dir = dir;
        this.services = services;
    }

    /** PostgreSQL 15 as Debian installs it; the lab's orders-db runs it. */
    private static final Path POSTGRES = Path.of("/usr/lib/postgresql/15/bin/postgres");

    /** Builds the workload, creates the namespaces and starts the services for {@code runFor}. */
    public static ShopLab start(Duration runFor) throws IOException, InterruptedException {
        Requires.toolsFrom("dnsmasq-base", "dnsmasq");
        Requires.toolsFrom("util-linux", "setpriv");
        Requires.that(Files.isExecutable(POSTGRES), "the shop lab's orders-db needs Debian's postgresql-15 (" + POSTGRES + ")");
        Path dir = Files.createTempDirectory("nj-shop-lab");
        try {
            runScript("up", dir, String.valueOf(runFor.toSeconds()));
            return new ShopLab(dir, readServices(dir));
        } catch (IOException | RuntimeException e) {
            runScript("down", dir);
            throw e;
        }
    }

    private static Map<String, Service> readServices(Path dir) throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("lab.env"))) {
            int eq = line.indexOf('=');
            env.put(line.substring(0, eq), line.substring(eq + 1));
        }
        Map<String, Service> services = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("pids"))) {
            String[] parts = line.split(" ");
            String name = parts[0];
            services.put(name, new Service(name, Long.parseLong(parts[1]),
                    InetAddress.ofLiteral(env.get(name + "_ip")), env.get(name + "_netns"),
                    env.get(name + "_uid"), env.get(name + "_container")));
        }
        return services;
    }

    private static void runScript(String command, Path dir, String... more) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString(), command, dir.toString()));
        cmd.addAll(List.of(more));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        // The services started by "up" inherit no pipe of ours (their output goes to files),
        // so the script's output ends when the script does.
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("shop-lab.sh " + command + " did not finish in " + SCRIPT_TIMEOUT_SECONDS + " s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("shop-lab.sh " + command + " failed (exit " + p.exitValue() + "): " + out.strip());
        }
    }

    public Service frontend() {
        return services.get("frontend");
    }

    public Service cart() {
        return services.get("cart");
    }

    public Service payments() {
        return services.get("payments");
    }

    /** kube-dns: Debian's dnsmasq (its pid is that of the {@code timeout} that bounds its life). */
    public Service kubeDns() {
        return services.get("kube-dns");
    }

    /** orders-db: Debian's PostgreSQL (its pid is that of the {@code timeout} that bounds its life). */
    public Service ordersDb() {
        return services.get("orders-db");
    }

    /** The three processes of the shop's own code: what the sensor is pointed at. */
    public List<Service> workloads() {
        return List.of(frontend(), cart(), payments());
    }

    /** Every pod of the lab: the workloads and their backends. */
    public List<Service> services() {
        return List.of(frontend(), cart(), payments(), kubeDns(), ordersDb());
    }

    /**
     * Every kind but security events, for the lab's three workload processes and ports only, so
     * the machine's other traffic (and the backends' own syscalls and stacks) stays out; syscalls
     * slower than 1 ms one by one; CPU stacks at 99 Hz; requests as the workloads' sockets carry
     * them (both ends of HTTP and gRPC, the client's end of DNS and SQL), every failed or slow one
     * whole and a quarter of the rest.
     */
    public SubscribeRequest subscription() {
        Filter.Builder filter = Filter.newBuilder().addPorts(8080).addPorts(8081).addPorts(9090).addPorts(53)
                .addPorts(5432).setSyscallLatencyThresholdNs(1_000_000L).setProfileFrequencyHz(99)
                .setRequestSampleRate(0.25);
        workloads().forEach(s -> filter.addPids((int) s.pid()));
        return SubscribeRequest.newBuilder()
                .addKinds(EventKind.EVENT_KIND_FLOWS).addKinds(EventKind.EVENT_KIND_DROPS)
                .addKinds(EventKind.EVENT_KIND_SYSCALLS).addKinds(EventKind.EVENT_KIND_PROFILE)
                .addKinds(EventKind.EVENT_KIND_PROCESSES).addKinds(EventKind.EVENT_KIND_REQUESTS)
                .setFilter(filter).setFlushIntervalMs(1000).build();
    }

    /** The workload binary, built with symbols and frame pointers. */
    public Path workloadBinary() {
        return dir.resolve("shop_workload");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            runScript("down", dir);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
