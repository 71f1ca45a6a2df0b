package dev.nightjar.sensor;

import dev.nightjar.sensor.cli.ObserveCommand;
import dev.nightjar.sensor.cli.ServeCommand;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java --enable-native-access=ALL-UNNAMED -jar nightjar-sensor.jar <command>}. */
@Command(name = "nightjar-sensor", mixinStandardHelpOptions = true,
        versionProvider = SensorMain.Version.class,
        description = "The Nightjar node sensor: eBPF programs through libbpf, streamed over gRPC.",
        subcommands = {SensorMain.InfoCommand.class, ServeCommand.class, ObserveCommand.class})
public final class SensorMain {

    public static void main(String[] args) {
        // One line per log record on stderr: "2026-11-25T21:43:10.123Z INFO message".
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %5$s%6$s%n");
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
