package dev.nightjar.packaging.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nightjar.testing.InstallerTest;
import dev.nightjar.testing.Requires;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The archive is what the README tells platform teams to push with
 * {@code skopeo copy --all oci-archive:...}: skopeo itself must read its image index
 * and both platforms' images, and when it
 * rewrites it as a docker archive (which names layers by their uncompressed
 * digest) the layers must be exactly the config's diff_ids.
 */
@InstallerTest
class SkopeoReadsTheArchiveIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void skopeoInspectsAndCopiesTheArchive() throws Exception {
        Path archive = Path.of(System.getProperty("sensor.image.archive", "target/nightjar-sensor.oci.tar"));
        if (!Files.isRegularFile(archive)) {
            Requires.unavailable("no image archive at " + archive
                    + ": build-oci.sh skipped it (see its SKIPPED line in the build output)");
        }
        if (!Files.isExecutable(Path.of("/usr/bin/skopeo"))) {
            Requires.unavailable("skopeo is not installed (apt-get install skopeo)");
        }
        Path work = Files.createDirectories(Path.of(System.getProperty("sensor.image.workdir", "target/chroot")));
        String source = "oci-archive:" + archive.toAbsolutePath();

        // The tag is an image index; skopeo picks the host's platform (amd64 here) from it,
        // or the one --override-arch names.
        JsonNode raw = JSON.readTree(Commands.run(work, List.of("skopeo", "inspect", "--raw", source), 60));
        assertThat(raw.path("mediaType").asText()).isEqualTo(OciImage.IMAGE_INDEX);
        List<String> architectures = new ArrayList<>();
        raw.path("manifests").forEach(m -> architectures.add(m.path("platform").path("architecture").asText()));
        assertThat(architectures).containsExactly("amd64", "arm64");
        JsonNode arm64 = JSON.readTree(Commands.run(work, List.of("skopeo", "--override-arch", "arm64",
                "inspect", "--config", source), 60));
        assertThat(arm64.path("architecture").asText()).isEqualTo("arm64");
        assertThat(arm64.path("rootfs").path("diff_ids")).hasSize(3);

        JsonNode config = JSON.readTree(Commands.run(work, List.of("skopeo", "--override-arch", "amd64",
                "inspect", "--config", source), 60));
        assertThat(config.path("architecture").asText()).isEqualTo("amd64");
        assertThat(config.path("config").path("Entrypoint").path(0).asText()).isEqualTo("/opt/nightjar/jre/bin/java");

        Path dockerArchive = work.resolve("docker-archive.tar");
        Files.deleteIfExists(dockerArchive);
        try {
            Commands.run(work, List.of("skopeo", "--override-arch", "amd64", "copy", "--quiet", source,
                    "docker-archive:" + dockerArchive + ":nightjar/sensor:test"), 180);
            List<String> entries = Commands.run(work, List.of("tar", "-tf", dockerArchive.toString()), 60).lines().toList();
            List<String> expected = new ArrayList<>();
            config.path("rootfs").path("diff_ids").forEach(d -> expected.add(d.asText().substring("sha256:".length()) + ".tar"));
            assertThat(expected).hasSize(3);
            assertThat(entries).containsAll(expected);
        } finally {
            Files.deleteIfExists(dockerArchive);
        }
    }
}
