package dev.nightjar.desktop.cli;

import dev.nightjar.desktop.app.AppInfo;
import dev.nightjar.desktop.ui.shell.NightjarApplication;
import dev.nightjar.desktop.ui.shell.StartWith;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nightjar [BUNDLE]} opens the workbench window (with a capture bundle,
 * if one is named) and returns when it closes; subcommands run headless.
 */
@Command(name = "nightjar", mixinStandardHelpOptions = true, versionProvider = DesktopCommand.Version.class,
        subcommands = {BundleCommand.class, ManifestCommand.class},
        description = "Nightjar: an ephemeral eBPF troubleshooting workbench for Kubernetes nodes.")
public final class DesktopCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "BUNDLE", description = "A capture bundle (.njcap) to open.")
    Path bundle;

    @Option(names = "--sensor", paramLabel = "HOST:PORT",
            description = "Stream from a running sensor at this address (with --token-file).")
    String sensor;

    @Option(names = "--token-file", paramLabel = "FILE", description = "The sensor's session token file.")
    Path tokenFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        StartWith start;
        try {
            start = StartWith.of(bundle, sensor, tokenFile);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        try {
            NightjarApplication.launchWindow(start);
            return 0;
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            System.err.println("nightjar: cannot open the window: " + e.getMessage());
            System.err.println("The window needs a display (DISPLAY or WAYLAND_DISPLAY) and, on Linux, GTK 3 (libgtk-3-0).");
            return 1;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {AppInfo.nameAndVersion(), "Java " + Runtime.version()};
        }
    }
}
