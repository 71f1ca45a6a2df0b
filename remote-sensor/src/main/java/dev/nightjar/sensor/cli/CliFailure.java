package dev.nightjar.sensor.cli;

/**
 * A problem a person can fix (bad option, unreadable file, unreachable
 * sensor): the command prints the message on one line and exits with the code.
 * Never carries a stack trace to the terminal.
 */
final class CliFailure extends Exception {

    /** Bad input or configuration: the same code picocli uses for usage errors. */
    static final int USAGE = 2;
    /** The command was fine but the world was not (sensor down, token rejected, port taken). */
    static final int RUNTIME = 1;

    private final int exitCode;

    CliFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
