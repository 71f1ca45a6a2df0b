package dev.nightjar.packaging.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layers apply in order, and OCI whiteouts remove what lower layers put there. */
class RootFsTest {

    @TempDir
    Path dir;

    @Test
    void laterLayersOverwriteAndWhiteoutsRemoveLowerContent() throws Exception {
        Path lower = layer("lower", List.of("etc/kept", "etc/gone", "var/cache/old", "var/cache/older", "opt/x"));
        Files.writeString(dir.resolve("lower/opt/x"), "lower");
        Path upper = layer("upper", List.of("etc/.wh.gone", "var/cache/.wh..wh..opq", "var/cache/new", "opt/x"));
        Files.writeString(dir.resolve("upper/opt/x"), "upper");

        Path root = dir.resolve("root");
        RootFs.unpack(List.of(tar(lower), tar(upper)), root);

        assertThat(root.resolve("etc/kept")).exists();
        assertThat(root.resolve("etc/gone")).doesNotExist();
        assertThat(root.resolve("etc/.wh.gone")).doesNotExist();
        assertThat(root.resolve("var/cache/new")).exists();
        assertThat(root.resolve("var/cache/old")).doesNotExist();
        assertThat(root.resolve("var/cache/older")).doesNotExist();
        assertThat(root.resolve("var/cache/.wh..wh..opq")).doesNotExist();
        assertThat(root.resolve("opt/x")).hasContent("upper");
    }

    private Path layer(String name, List<String> files) throws Exception {
        Path layer = dir.resolve(name);
        for (String file : files) {
            Files.createDirectories(layer.resolve(file).getParent());
            Files.writeString(layer.resolve(file), file);
        }
        return layer;
    }

    private Path tar(Path layer) throws Exception {
        Path tar = dir.resolve(layer.getFileName() + ".tar.gz");
        Commands.run(dir, List.of("tar", "-czf", tar.toString(), "-C", layer.toString(), "."), 30);
        return tar;
    }
}
