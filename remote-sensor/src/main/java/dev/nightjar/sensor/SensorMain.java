package dev.nightjar.sensor;

import dev.nightjar.sensor.cli.InfoCommand;
import dev.nightjar.sensor.cli.ObserveCommand;
import dev.nightjar.sensor.cli.SensorVersion;
import dev.nightjar.sensor.cli.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java --enable-native-access=ALL-UNNAMED -jar nightjar-sensor.jar <command>}.
 * The top of the package graph: it names the commands and nothing names it.
 */
@Command(name = "nightjar-sensor", mixinStandardHelpOptions = true,
        versionProvider = SensorMain.Version.class,
        description = "The Nightjar node sensor: eBPF programs through libbpf, streamed over gRPC.",
        subcommands = {InfoCommand.class, ServeCommand.class, ObserveCommand.class})
public final class SensorMain {

    public static void main(String[] args) {
        // One line per log record on stderr: "2026-11-25T21:43:10.123Z INFO message".
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %5$s%6$s%n");
        System.exit(new CommandLine(new SensorMain()).execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"nightjar-sensor " + SensorVersion.current()};
        }
    }
}
