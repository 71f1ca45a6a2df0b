package dev.nightjar.packaging.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nightjar.testing.InstallerTest;
import dev.nightjar.testing.KernelTest;
import dev.nightjar.testing.Requires;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The archive is one tag for two platforms: index.json names an image index whose
 * amd64 and arm64 manifests are complete images. The amd64 one runs in
 * SensorImageChrootIT; the arm64 one cannot run on this x86_64 kernel, so it is
 * checked as far as this machine allows: its files are arm64 binaries, its Debian
 * packages were configured (not just unpacked), its JRE starts and runs the sensor
 * jar under qemu-user, and the jar in it carries the arm64 eBPF objects.
 */
@KernelTest
@InstallerTest
class MultiArchImageIT {

    private static final int EM_X86_64 = 62;
    private static final int EM_AARCH64 = 183;

    private static Path layout;
    private static OciImage amd64;
    private static OciImage arm64;
    private static Path arm64Root;

    @BeforeAll
    static void unpackBothImages() throws IOException, InterruptedException {
        Requires.root("unpack the images with their owners");
        Path archive = Path.of(System.getProperty("sensor.image.archive", "target/nightjar-sensor.oci.tar"));
        if (!Files.isRegularFile(archive)) {
            Requires.unavailable("no image archive at " + archive
                    + ": build-oci.sh skipped it (see its SKIPPED line in the build output)");
        }
        Path work = Files.createDirectories(
                Path.of(System.getProperty("sensor.image.workdir", "target/chroot")).toAbsolutePath().resolve("multiarch"));
        layout = work.resolve("layout");
        OciImage.unpack(archive, layout);
        amd64 = OciImage.read(layout, "amd64");
        arm64 = OciImage.read(layout, "arm64");
        arm64Root = work.resolve("rootfs-arm64");
        RootFs.unpack(arm64.layers(), arm64Root);
    }

    @Test
    void theTagNamesAnImageIndexWithAnAmd64AndAnArm64Manifest() throws IOException {
        JsonNode tags = OciImage.layoutIndex(layout).path("manifests");
        assertThat(tags).hasSize(1);
        assertThat(tags.path(0).path("mediaType").asText()).isEqualTo(OciImage.IMAGE_INDEX);
        assertThat(tags.path(0).path("annotations").path("org.opencontainers.image.ref.name").asText())
                .isEqualTo(System.getProperty("sensor.image.version", "0.1.0-SNAPSHOT"));

        JsonNode index = OciImage.imageIndex(layout);
        assertThat(index.path("mediaType").asText()).isEqualTo(OciImage.IMAGE_INDEX);
        List<String> platforms = new ArrayList<>();
        index.path("manifests").forEach(m -> platforms.add(m.path("mediaType").asText() + " "
                + m.path("platform").path("os").asText() + "/" + m.path("platform").path("architecture").asText()
                + (m.path("platform").has("variant") ? "/" + m.path("platform").path("variant").asText() : "")));
        assertThat(platforms).containsExactly(OciImage.IMAGE_MANIFEST + " linux/amd64",
                OciImage.IMAGE_MANIFEST + " linux/arm64/v8");
    }

    @Test
    void eachConfigSaysItsPlatformAndBothRunTheSameSensorLayer() {
        assertThat(amd64.config().path("architecture").asText()).isEqualTo("amd64");
        assertThat(arm64.config().path("architecture").asText()).isEqualTo("arm64");
        assertThat(arm64.config().path("variant").asText()).isEqualTo("v8");
        assertThat(List.of(amd64.config().path("os").asText(), arm64.config().path("os").asText()))
                .containsOnly("linux");
        assertThat(arm64.entrypoint()).isEqualTo(amd64.entrypoint());
        assertThat(arm64.cmd()).isEqualTo(amd64.cmd());
        assertThat(arm64.user()).isEqualTo(amd64.user());
        assertThat(arm64.layers()).hasSize(3);
        // base and JRE are per architecture; the app layer (jar + lib/) is one blob.
        assertThat(arm64.layers().get(0)).isNotEqualTo(amd64.layers().get(0));
        assertThat(arm64.layers().get(1)).isNotEqualTo(amd64.layers().get(1));
        assertThat(arm64.layers().get(2)).isEqualTo(amd64.layers().get(2));
    }

    @Test
    void arm64ImageHoldsArm64BinariesAndConfiguredPackages() throws IOException {
        Path java = arm64Root.resolve(arm64.entrypoint().getFirst().substring(1));
        assertThat(elfMachine(java)).as("%s", java).isEqualTo(EM_AARCH64);
        assertThat(elfMachine(arm64Root.resolve("opt/nightjar/jre/lib/server/libjvm.so"))).isEqualTo(EM_AARCH64);
        assertThat(elfMachine(arm64Root.resolve("usr/lib/aarch64-linux-gnu/libbpf.so.1").toRealPath()))
                .isEqualTo(EM_AARCH64);
        assertThat(elfMachine(arm64Root.resolve("usr/bin/dpkg"))).isEqualTo(EM_AARCH64);
        assertThat(arm64Root.resolve("usr/lib/x86_64-linux-gnu")).doesNotExist();
        assertThat(arm64Root.resolve("opt/nightjar/jre/release")).content().contains("JAVA_VERSION=\"25.");

        // debootstrap's second stage ran the maintainer scripts: every package is
        // configured, not left unpacked by the --foreign first stage.
        String status = Files.readString(arm64Root.resolve("var/lib/dpkg/status"));
        List<String> states = status.lines().filter(l -> l.startsWith("Status: ")).distinct().toList();
        assertThat(states).containsExactly("Status: install ok installed");
        assertThat(status).contains("Package: libbpf1\n").contains("Package: libc6\n");
        assertThat(arm64Root.resolve("debootstrap")).doesNotExist();
        assertThat(arm64Root.resolve("etc/passwd")).content().contains("root:x:0:0:").contains("nightjar:x:65532:65532:");
    }

    @Test
    void amd64ImageHoldsAmd64Binaries() throws IOException, InterruptedException {
        Path jre = layout.getParent().resolve("jre-amd64");
        Commands.run(layout.getParent(), List.of("rm", "-rf", jre.toString()), 60);
        Files.createDirectories(jre);
        Commands.run(jre, List.of("tar", "-xzf", amd64.layers().get(1).toString(), "-C", jre.toString(),
                "opt/nightjar/jre/bin/java"), 60);
        assertThat(elfMachine(jre.resolve("opt/nightjar/jre/bin/java"))).isEqualTo(EM_X86_64);
    }

    @Test
    void theSensorJarInTheImageCarriesArm64EbpfObjectsForEveryX86One() throws IOException {
        try (ZipFile jar = new ZipFile(arm64Root.resolve("opt/nightjar/nightjar-sensor.jar").toFile())) {
            List<String> x86 = objects(jar, "bpf/x86_64/");
            assertThat(x86).contains("syscalls.bpf.o", "flows.bpf.o", "drop_reasons.bpf.o", "profile.bpf.o");
            assertThat(objects(jar, "bpf/aarch64/")).isEqualTo(x86);
        }
    }

    @Test
    void arm64RuntimeStartsTheSensorJarUnderQemu() throws IOException, InterruptedException {
        Path foreignChroot = Path.of(System.getProperty("sensor.image.foreignChroot", "../sensor/foreign-chroot.sh"));
        if (!Files.isExecutable(Path.of("/usr/bin/qemu-aarch64-static"))) {
            Requires.unavailable("qemu-user-static is not installed (apt-get install qemu-user-static)");
        }
        List<String> run = new ArrayList<>(List.of(foreignChroot.toAbsolutePath().toString(), arm64Root.toString()));
        String version = Commands.run(arm64Root, concat(run, List.of(arm64.entrypoint().getFirst(), "-version")), 120);
        assertThat(version).contains("version \"25.");

        // The image's own Entrypoint with the sensor's `info` instead of Cmd: the JVM
        // loads the jar and its libraries and reports the architecture it runs on.
        String info = Commands.run(arm64Root, concat(run, concat(arm64.entrypoint(), List.of("info"))), 300);
        assertThat(info).contains("architecture: aarch64");
    }

    /**
     * The fallback for kernels without a binfmt_misc per user namespace (older than 6.7, or
     * a sandbox that refuses the mount), which the default way never reaches on a newer
     * kernel: qemu starts the JRE itself, and leaves nothing in the root afterwards.
     */
    @Test
    void arm64RuntimeStartsWithoutBinfmtMiscWhenQemuStartsItDirectly() throws IOException, InterruptedException {
        Path foreignChroot = Path.of(System.getProperty("sensor.image.foreignChroot", "../sensor/foreign-chroot.sh"));
        if (!Files.isExecutable(Path.of("/usr/bin/qemu-aarch64-static"))) {
            Requires.unavailable("qemu-user-static is not installed (apt-get install qemu-user-static)");
        }
        String version = Commands.run(arm64Root, Map.of("FOREIGN_CHROOT_MODE", "direct"),
                List.of(foreignChroot.toAbsolutePath().toString(), arm64Root.toString(),
                        arm64.entrypoint().getFirst(), "-version"), 120);
        assertThat(version).contains("version \"25.");
        try (var left = Files.list(arm64Root)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("qemu"));
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<String> objects(ZipFile jar, String dir) {
        return jar.stream().map(ZipEntry::getName)
                .filter(n -> n.startsWith(dir) && n.endsWith(".bpf.o"))
                .map(n -> n.substring(dir.length()))
                .sorted()
                .toList();
    }

    private static int elfMachine(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return elfMachine(in.readNBytes(64));
        }
    }

    private static int elfMachine(byte[] header) {
        assertThat(header).startsWith(0x7f, 'E', 'L', 'F');
        assertThat(header[4]).as("ELFCLASS64").isEqualTo((byte) 2);
        assertThat(header[5]).as("little-endian").isEqualTo((byte) 1);
        return ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getShort(18) & 0xffff;
    }
}
