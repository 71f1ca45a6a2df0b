package dev.nightjar.sensor.lab;

import dev.nightjar.sensor.libbpf.BpfException;
import dev.nightjar.sensor.libbpf.LibBpf;
import dev.nightjar.testing.KernelTest;
import dev.nightjar.testing.Requires;

/**
 * What the sensor's kernel tests need beyond {@link Requires}: this machine's libbpf, loaded
 * through the binding under test. Missing, they skip with the reason, or fail under CI=true.
 * Classes that call these are tagged {@code @KernelTest}.
 */
public final class KernelTestSupport {

    private KernelTestSupport() {
    }

    /** Root, kernel BTF and libbpf 1.1+: the binding and its programs can load. */
    public static LibBpf requireBpf() {
        Requires.root("load eBPF programs");
        Requires.btf();
        try {
            return LibBpf.system();
        } catch (BpfException e) {
            return Requires.unavailable(e.getMessage());
        }
    }

    /** requireBpf plus the iproute2 and nftables tools the network lab drives. */
    public static LibBpf requireNetworkLab() {
        LibBpf lib = requireBpf();
        Requires.toolsFrom("iproute2 nftables", "ip", "nft");
        return lib;
    }
}
