package dev.nightjar.desktop;

import dev.nightjar.desktop.cli.DesktopCommand;
import picocli.CommandLine;

/**
 * Entry point of {@code nightjar.jar}. Not an {@code Application} subclass, so
 * the jar runs from the class path, and headless subcommands (and
 * {@code --version}) never initialise JavaFX or need a display.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DesktopCommand()).execute(args));
    }
}
