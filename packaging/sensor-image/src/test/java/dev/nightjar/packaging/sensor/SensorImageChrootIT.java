package dev.nightjar.packaging.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.session.PrivilegeMode;
import dev.nightjar.desktop.session.SensorPodSpec;
import dev.nightjar.desktop.session.SensorTokenSecret;
import dev.nightjar.protocol.grpc.SensorClient;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.FeatureState;
import dev.nightjar.protocol.v1.SensorInfo;
import dev.nightjar.testing.InstallerTest;
import dev.nightjar.testing.KernelTest;
import dev.nightjar.testing.Requires;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The offline OCI archive (packaging/sensor/build-oci.sh) really is a sensor image:
 * unpacked per its index and manifest, its Entrypoint + Cmd run in a chroot with the
 * pod spec's mounts, load the eBPF programs of every feature and answer GetInfo over
 * loopback gRPC, with all of this machine's capabilities and with exactly the
 * least-privilege set the desktop's pod spec grants.
 */
@KernelTest
@InstallerTest
class SensorImageChrootIT {

    private static final String NODE_NAME = "chroot-test-node";
    /** The core features; PROFILE and PROCESSES are checked too when GetInfo lists them. */
    private static final List<Feature> CORE = List.of(Feature.FEATURE_FLOWS, Feature.FEATURE_DROPS,
            Feature.FEATURE_SYSCALLS);

    private static OciImage image;
    private static Path root;
    private static Path work;
    private static SensorInfo fullCapabilityInfo;

    @BeforeAll
    static void unpackImage() throws IOException, InterruptedException {
        Requires.root("mount, chroot and load eBPF programs");
        Requires.btf();
        Path archive = Path.of(System.getProperty("sensor.image.archive", "target/nightjar-sensor.oci.tar"));
        if (!Files.isRegularFile(archive)) {
            Requires.unavailable("no image archive at " + archive
                    + ": build-oci.sh skipped it (see its SKIPPED line in the build output)");
        }
        work = Path.of(System.getProperty("sensor.image.workdir", "target/chroot")).toAbsolutePath();
        Files.createDirectories(work);
        image = OciImage.open(archive, work.resolve("layout"));
        root = work.resolve("rootfs");
        RootFs.unpack(image.layers(), root);
    }

    @Test
    void configRunsTheSensorJarWithThePodSpecsDefaultArguments() {
        assertThat(image.layers()).hasSize(3);
        assertThat(image.entrypoint()).startsWith("/opt/nightjar/jre/bin/java")
                .endsWith("-jar", "/opt/nightjar/nightjar-sensor.jar")
                .contains("--enable-native-access=ALL-UNNAMED");
        // The pod spec sets args only, so these are replaced by its own `serve ...`, and
        // the Entrypoint must not say `serve` itself.
        assertThat(image.cmd()).containsExactly("serve",
                "--listen", "127.0.0.1:" + SensorPodSpec.LISTEN_PORT,
                "--token-file", SensorPodSpec.TOKEN_DIR + "/" + SensorTokenSecret.TOKEN_KEY,
                "--proc-root", SensorPodSpec.HOST_PROC);
        assertThat(image.user()).isEqualTo("0:0");
        assertThat(Path.of(root.toString(), image.entrypoint().getFirst())).isExecutable();
        assertThat(root.resolve("usr/lib/x86_64-linux-gnu/libbpf.so.1")).exists();
        assertThat(root.resolve("etc/passwd")).content().contains("nightjar:x:65532:65532:");
    }

    @Test
    void entrypointInChrootLoadsEveryFeatureAndAnswersGetInfo() throws Exception {
        SensorInfo info = fullCapabilityRun();

        assertThat(info.getNodeName()).isEqualTo(NODE_NAME);
        assertThat(info.getKernelRelease()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip());
        assertThat(info.getBtfPresent()).isTrue();
        assertThat(info.getFeaturesList()).extracting(FeatureState::getFeature).containsAll(CORE);
        for (FeatureState state : info.getFeaturesList()) {
            if (CORE.contains(state.getFeature())) {
                assertThat(state.getRunning()).as("%s runs: %s", state.getFeature(), describe(info)).isTrue();
                assertThat(state.getReason()).as("%s runs in full, not degraded", state.getFeature()).isEmpty();
            }
        }
    }

    @Test
    void leastPrivilegeCapabilitiesOfThePodSpecLoadEveryFeature() throws Exception {
        List<String> granted = grantable(PrivilegeMode.LEAST_PRIVILEGE.capabilities());
        // As the pod spec runs it: uid 0, capabilities dropped to the list (bounding,
        // permitted and effective), none inheritable or ambient, no_new_privs
        // (allowPrivilegeEscalation: false).
        List<String> setpriv = List.of("/usr/bin/setpriv",
                "--bounding-set=-all," + capList(granted),
                "--inh-caps=-all", "--ambient-caps=-all", "--no-new-privs", "--");
        SensorInfo info = runAndGetInfo("least-privilege", setpriv, 0, true);

        assertSameFeaturesAsWithFullCapabilities(info);
    }

    @Test
    void nonRootUserRunsEveryFeatureWithTheSameCapabilitiesAsAmbient() throws Exception {
        // What a runtime with ambient capabilities could do (Kubernetes does not yet):
        // the image's user nightjar (65532) with the least-privilege list as ambient caps.
        List<String> granted = grantable(PrivilegeMode.LEAST_PRIVILEGE.capabilities());
        String caps = capList(granted);
        List<String> setpriv = List.of("/usr/bin/setpriv", "--reuid=65532", "--regid=65532", "--clear-groups",
                "--bounding-set=-all," + caps, "--inh-caps=-all," + caps, "--ambient-caps=-all," + caps,
                "--no-new-privs", "--");
        SensorInfo info = runAndGetInfo("non-root", setpriv, 65532);

        assertSameFeaturesAsWithFullCapabilities(info);
    }

    /** Runs Entrypoint + Cmd (on a free loopback port) behind {@code prefix} and asks GetInfo. */
    private static SensorInfo runAndGetInfo(String name, List<String> prefix, int tokenOwner) throws Exception {
        return runAndGetInfo(name, prefix, tokenOwner, false);
    }

    /**
     * Runs Entrypoint + Cmd (on a free loopback port) behind {@code prefix}, asks GetInfo
     * and, if {@code liveDrop}, checks a real drop reaches the stream with its location named.
     */
    private static SensorInfo runAndGetInfo(String name, List<String> prefix, int tokenOwner, boolean liveDrop)
            throws Exception {
        String token = UUID.randomUUID().toString();
        writeToken(token, tokenOwner);
        List<String> command = new ArrayList<>(image.entrypoint());
        command.addAll(withListen(image.cmd(), "127.0.0.1:0"));
        // Bounded even if this test dies without closing it.
        command.addAll(List.of("--idle-exit", "2m", "--node-name", NODE_NAME));
        Map<String, String> env = new LinkedHashMap<>(image.env());
        Path log = work.resolve(name + ".log");
        try (ChrootSensor sensor = ChrootSensor.start(root, prefix, command, env, log)) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", sensor.port()).usePlaintext().build();
            try {
                SensorClient client = new SensorClient(channel, token);
                SensorInfo info = client.getInfo(30, TimeUnit.SECONDS);
                System.out.printf("[%s] GetInfo: %s%n[%s] sensor output:%n%s%n", name, describe(info), name,
                        sensor.output());
                if (liveDrop) {
                    DropEvent drop = LiveDropProbe.refusedConnectDrop(client).orElseThrow(() -> new AssertionError(
                            "[" + name + "] no drop streamed for connects to a closed loopback port; sensor output:\n"
                                    + sensor.output()));
                    System.out.printf("[%s] drop: %s at %s%n", name, drop.getReasonName(), drop.getLocation());
                    assertThat(drop.getReasonName()).isEqualTo("NO_SOCKET");
                    // Named from /proc/kallsyms (CAP_SYSLOG), not a bare 0x... address.
                    assertThat(drop.getLocation()).matches("[A-Za-z_][\\w.]*\\+0x[0-9a-f]+.*");
                }
                return info;
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Every feature runs exactly as it does with all capabilities: running, and with
     * the same reason (empty, or one that does not depend on capabilities, such as a
     * feature this sensor build does not have yet). A feature that loads only in part
     * ("UDP flows off: ... Operation not permitted") says so in its reason.
     */
    private static void assertSameFeaturesAsWithFullCapabilities(SensorInfo info) throws Exception {
        SensorInfo full = fullCapabilityRun();
        assertThat(info.getFeaturesList()).extracting(FeatureState::getFeature).containsAll(CORE);
        assertThat(info.getFeaturesList())
                .as("features under reduced capabilities: %s%nwith all capabilities: %s", describe(info), describe(full))
                .containsExactlyInAnyOrderElementsOf(full.getFeaturesList());
    }

    /** The reference run, with every capability the test runner has (as a privileged pod). */
    private static synchronized SensorInfo fullCapabilityRun() throws Exception {
        if (fullCapabilityInfo == null) {
            fullCapabilityInfo = runAndGetInfo("full", List.of(), 0);
        }
        return fullCapabilityInfo;
    }

    private static String describe(SensorInfo info) {
        return info.getFeaturesList().stream()
                .map(f -> f.getFeature() + (f.getRunning() ? " running" : " NOT running")
                        + (f.getReason().isEmpty() ? "" : " (" + f.getReason() + ")"))
                .collect(Collectors.joining("; "));
    }

    /** The token file where Cmd's --token-file says, not world-readable, owned by the sensor's uid. */
    private static void writeToken(String token, int owner) throws IOException, InterruptedException {
        String inImage = valueOf(image.cmd(), "--token-file");
        Path file = Path.of(root.toString(), inImage);
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.writeString(file, token + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        Commands.run(work, List.of("chown", owner + ":" + owner, file.toString()), 10);
    }

    private static List<String> withListen(List<String> cmd, String listen) {
        List<String> replaced = new ArrayList<>(cmd);
        replaced.set(cmd.indexOf("--listen") + 1, listen);
        return replaced;
    }

    private static String valueOf(List<String> cmd, String option) {
        int at = cmd.indexOf(option);
        assertThat(at).as("%s in Cmd %s", option, cmd).isNotNegative();
        return cmd.get(at + 1);
    }

    /**
     * The mode's capabilities this runner can pass on. One it lacks cannot be granted
     * (setpriv fails for ambient ones); the run then shows the features load without
     * it, which the output says.
     */
    private static List<String> grantable(List<String> capabilities) throws IOException, InterruptedException {
        var held = HostCapabilities.bounding();
        List<String> missing = capabilities.stream().filter(c -> !held.contains(c.toLowerCase(Locale.ROOT))).toList();
        if (!missing.isEmpty()) {
            System.out.println("not held by this test runner, so not granted (the features must load without): "
                    + missing);
        }
        return capabilities.stream().filter(c -> held.contains(c.toLowerCase(Locale.ROOT))).toList();
    }

    /** PrivilegeMode's names (BPF, SYS_PTRACE) as setpriv's list: +bpf,+sys_ptrace. */
    private static String capList(List<String> capabilities) {
        return capabilities.stream().map(c -> "+" + c.toLowerCase(Locale.ROOT)).collect(Collectors.joining(","));
    }
}
