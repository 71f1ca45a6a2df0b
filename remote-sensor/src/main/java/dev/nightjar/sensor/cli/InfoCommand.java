package dev.nightjar.sensor.cli;

import dev.nightjar.sensor.server.NodeFacts;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code info}: what this node offers the sensor, without loading anything. */
@Command(name = "info", description = "Print what this node offers the sensor (kernel, architecture, BTF).")
public final class InfoCommand implements Callable<Integer> {

    @Option(names = "--proc-root", defaultValue = "/proc", description = "The host's /proc (default: ${DEFAULT-VALUE}).")
    Path procRoot;

    @Option(names = "--sys-root", defaultValue = "/sys", description = "The host's /sys (default: ${DEFAULT-VALUE}).")
    Path sysRoot;

    @Override
    public Integer call() {
        NodeFacts facts = NodeFacts.read(procRoot, sysRoot);
        System.out.println("kernel:       " + facts.kernelRelease());
        System.out.println("architecture: " + facts.architecture());
        System.out.println("btf:          " + (facts.btfPresent() ? "present" : "absent (CO-RE programs cannot load)"));
        return 0;
    }
}
