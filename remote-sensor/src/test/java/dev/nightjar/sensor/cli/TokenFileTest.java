package dev.nightjar.sensor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {

    @TempDir
    Path dir;

    private Path file(String content, String mode) throws Exception {
        Path file = dir.resolve("token");
        // A fresh file each time: the one before may be read-only, which only root could overwrite.
        Files.deleteIfExists(file);
        Files.write(file, content.getBytes(StandardCharsets.ISO_8859_1));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void readsOneLineWithOrWithoutItsNewline() throws Exception {
        assertThat(TokenFile.read(file("abc123\n", "rw-------"))).isEqualTo("abc123");
        assertThat(TokenFile.read(file("abc123\r\n", "rw-------"))).isEqualTo("abc123");
        assertThat(TokenFile.read(file("abc123", "r--------"))).isEqualTo("abc123");
        assertThat(TokenFile.read(file("abc123\n", "rw-r-----"))).as("group-readable is a deliberate grant")
                .isEqualTo("abc123");
    }

    @Test
    void aWorldReadableFileIsRefused() throws Exception {
        Path open = file("abc123\n", "rw-r--r--");
        assertThatThrownBy(() -> TokenFile.read(open))
                .hasMessageContaining("readable by every user (rw-r--r--)")
                .hasMessageContaining("chmod 600 " + open)
                .hasMessageContaining("defaultMode");
    }

    @Test
    void missingEmptyOrMalformedFilesAreRefusedWithTheReason() throws Exception {
        assertThatThrownBy(() -> TokenFile.read(dir.resolve("nope"))).hasMessageEndingWith("does not exist");
        assertThatThrownBy(() -> TokenFile.read(dir)).hasMessageContaining("is a directory");
        assertThatThrownBy(() -> TokenFile.read(file("", "rw-------"))).hasMessageContaining("is empty");
        assertThatThrownBy(() -> TokenFile.read(file("\n", "rw-------"))).hasMessageContaining("is empty");
        assertThatThrownBy(() -> TokenFile.read(file("two\nlines\n", "rw-------")))
                .hasMessageContaining("line break (more than one line) at byte 3");
        assertThatThrownBy(() -> TokenFile.read(file("a b", "rw-------"))).hasMessageContaining("space at byte 1");
        assertThatThrownBy(() -> TokenFile.read(file("caf\u00e9", "rw-------"))).hasMessageContaining("byte 0xe9");
        assertThatThrownBy(() -> TokenFile.read(file("x".repeat(5000), "rw-------")))
                .hasMessageContaining("larger than 4096 bytes");
    }
}
