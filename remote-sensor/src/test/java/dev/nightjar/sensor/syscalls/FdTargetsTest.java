package dev.nightjar.sensor.syscalls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fd resolution against a proc root laid out in a temporary directory. */
class FdTargetsTest {

    @TempDir
    Path proc;

    @Test
    void procNetAddressesAreReadInTheKernelsByteOrder() {
        assertThat(FdTargets.endpoint("0100007F:1F90")).isEqualTo("127.0.0.1:8080");
        assertThat(FdTargets.endpoint("00000000000000000000000001000000:0050")).isEqualTo("[0:0:0:0:0:0:0:1]:80");
    }

    @Test
    void aFileIsItsPathAndAPipeItsInode() throws IOException {
        Path fds = Files.createDirectories(proc.resolve("42/fd"));
        Files.createSymbolicLink(fds.resolve("3"), Path.of("/var/log/app.log"));
        Files.createSymbolicLink(fds.resolve("4"), Path.of("pipe:[777]"));
        FdTargets targets = new FdTargets(proc);
        assertThat(targets.describe(42, 3)).isEqualTo("/var/log/app.log");
        assertThat(targets.describe(42, 4)).isEqualTo("pipe:[777]");
    }

    @Test
    void aSocketIsItsTupleWhenTheNamespaceTableListsIt() throws IOException {
        Path fds = Files.createDirectories(proc.resolve("42/fd"));
        Files.createSymbolicLink(fds.resolve("5"), Path.of("socket:[123456]"));
        Files.createSymbolicLink(fds.resolve("6"), Path.of("socket:[999]"));
        Path net = Files.createDirectories(proc.resolve("42/net"));
        Files.writeString(net.resolve("tcp"), """
                  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 123456 1 0 20 4 30 10 -1
                """);
        FdTargets targets = new FdTargets(proc);
        assertThat(targets.describe(42, 5)).isEqualTo("tcp 127.0.0.1:8080->127.0.0.1:50000");
        assertThat(targets.describe(42, 6)).as("not in any table: the link itself").isEqualTo("socket:[999]");
    }

    @Test
    void whatCouldNotBeResolvedSaysWhy() throws IOException {
        Files.createDirectories(proc.resolve("42/fd"));
        FdTargets targets = new FdTargets(proc);
        assertThat(targets.describe(43, 7)).isEqualTo("fd 7: process gone");
        assertThat(targets.describe(42, 7)).isEqualTo("fd 7: closed before it could be read");
        assertThat(targets.describe(42, -1)).isEmpty();
    }
}
