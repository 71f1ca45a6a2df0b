package dev.nightjar.sensor.btf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.testing.KernelTest;
import dev.nightjar.testing.Requires;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSymbolsTest {

    @Test
    void symbolizesByNearestLowerTextSymbol(@TempDir Path proc) throws IOException {
        Files.writeString(proc.resolve("kallsyms"), """
                ffffffff81000200 T tcp_v4_rcv
                ffffffff81000000 T _text
                ffffffff81000100 D some_data
                ffffffff81000300 t udp_helper
                ffffffffc0001000 t nft_do_chain\t[nf_tables]
                """);
        KernelSymbols symbols = KernelSymbols.load(proc);
        assertThat(symbols.available()).isTrue();
        assertThat(symbols.size()).as("data symbols are not code locations").isEqualTo(4);
        assertThat(symbols.symbolize(0xffffffff81000291L)).isEqualTo("tcp_v4_rcv+0x91");
        assertThat(symbols.symbolize(0xffffffff81000150L)).isEqualTo("_text+0x150");
        assertThat(symbols.symbolize(0xffffffff81000300L)).isEqualTo("udp_helper+0x0");
        assertThat(symbols.symbolize(0xffffffffc0001010L)).isEqualTo("nft_do_chain+0x10 [nf_tables]");
        assertThat(symbols.symbolize(0x1000L)).isEqualTo("0x1000");
    }

    @Test
    void zeroedAddressesMeanNoPrivilegeAndSaySo(@TempDir Path proc) throws IOException {
        Files.writeString(proc.resolve("kallsyms"), """
                0000000000000000 T _text
                0000000000000000 T tcp_v4_rcv
                """);
        KernelSymbols symbols = KernelSymbols.load(proc);
        assertThat(symbols.available()).isFalse();
        assertThat(symbols.unavailableReason()).contains("CAP_SYSLOG").contains("kptr_restrict");
        assertThat(symbols.symbolize(0xffffffff81000291L)).isEqualTo("0xffffffff81000291");
    }

    @Test
    void aMissingFileIsAReasonNotAnException(@TempDir Path proc) {
        KernelSymbols symbols = KernelSymbols.load(proc.resolve("nope"));
        assertThat(symbols.available()).isFalse();
        assertThat(symbols.unavailableReason()).contains("cannot read");
    }

    @KernelTest
    @Test
    void symbolizesTheRunningKernel() throws IOException {
        Requires.root("see kernel addresses in /proc/kallsyms (CAP_SYSLOG)");
        KernelSymbols symbols = KernelSymbols.load(Path.of("/proc"));
        assertThat(symbols.available()).as(symbols.unavailableReason()).isTrue();
        long address = -1;
        for (String line : Files.readAllLines(Path.of("/proc/kallsyms"))) {
            if (line.endsWith(" T tcp_v4_rcv")) {
                address = Long.parseUnsignedLong(line.substring(0, line.indexOf(' ')), 16);
            }
        }
        assertThat(address).isNotEqualTo(-1);
        assertThat(symbols.symbolize(address + 0x10)).isEqualTo("tcp_v4_rcv+0x10");
    }
}
