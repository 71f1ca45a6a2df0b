package dev.nightjar.sensor.libbpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.testing.Requires;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our struct bpf_object_open_opts layout against the C compiler's view of the installed libbpf.h. */
class ObjectOpenOptionsTest {

    @Test
    void layoutMatchesTheInstalledLibbpfHeader(@TempDir Path dir) throws Exception {
        if (!Files.isReadable(Path.of("/usr/include/bpf/libbpf.h")) || !Files.isExecutable(Path.of("/usr/bin/clang"))) {
            Requires.unavailable("needs clang and /usr/include/bpf/libbpf.h (apt-get install clang libbpf-dev)");
        }
        Path source = dir.resolve("offsets.c");
        Files.writeString(source, """
                #include <stdio.h>
                #include <stddef.h>
                #include <bpf/libbpf.h>
                int main(void) {
                    printf("%zu %zu %zu %zu %zu\\n", sizeof(struct bpf_object_open_opts),
                        offsetof(struct bpf_object_open_opts, object_name),
                        offsetof(struct bpf_object_open_opts, kernel_log_buf),
                        offsetof(struct bpf_object_open_opts, kernel_log_size),
                        offsetof(struct bpf_object_open_opts, kernel_log_level));
                    return 0;
                }
                """);
        Path binary = dir.resolve("offsets");
        run(dir, "/usr/bin/clang", source.toString(), "-o", binary.toString());
        String[] measured = run(dir, binary.toString()).strip().split(" ");

        assertThat(ObjectOpenOptions.LAYOUT.byteSize()).isEqualTo(Long.parseLong(measured[0]));
        assertThat(ObjectOpenOptions.OBJECT_NAME).isEqualTo(Long.parseLong(measured[1]));
        assertThat(ObjectOpenOptions.KERNEL_LOG_BUF).isEqualTo(Long.parseLong(measured[2]));
        assertThat(ObjectOpenOptions.KERNEL_LOG_SIZE).isEqualTo(Long.parseLong(measured[3]));
        assertThat(ObjectOpenOptions.KERNEL_LOG_LEVEL).isEqualTo(Long.parseLong(measured[4]));
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 60 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
