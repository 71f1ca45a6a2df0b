package dev.nightjar.sensor;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java --enable-native-access=ALL-UNNAMED -jar nightjar-sensor.jar <command>}. */
@Command(name = "nightjar-sensor", mixinStandardHelpOptions = true,
        versionProvider = SensorMain.Version.class,
        description = "The Nightjar node sensor: eBPF programs through libbpf, streamed over gRPC.",
        subcommands = {SensorMain.InfoCommand.class})
public final class SensorMain {

    public static void main(String[] args) {
        System.exit(new CommandLine(new SensorMain()).execute(args));
    }

    public static String version() {
        String v = SensorMain.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"nightjar-sensor " + version()};
        }
    }

    @Command(name = "info", description = "Print what this node offers the sensor (kernel, architecture, BTF).")
    static final class InfoCommand implements Callable<Integer> {
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
}
