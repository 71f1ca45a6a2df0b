package dev.nightjar.desktop.cluster;

/**
 * Where a credential plugin's standard error goes while it runs: the connect screen shows
 * it (a device-code login prints its code and URL there and waits for the user) and may
 * cancel the run. Called on the thread that runs the plugin (never the UI thread) and on
 * its stderr reader thread; implementations hand over to the UI themselves.
 */
public interface PluginPrompts {

    /** Does nothing and never cancels: for a client nobody watches (tests, the command line). */
    PluginPrompts NONE = new PluginPrompts() {
    };

    /** The plugin was started; {@code command} is what the user would type to run it themselves. */
    default void started(String command) {
    }

    /** One line the plugin wrote to standard error (a warning, or a prompt such as a device code). */
    default void stderr(String line) {
    }

    /** The plugin ended, with or without a credential. */
    default void finished() {
    }

    /** Asked about ten times a second while the plugin runs; true stops it (the user pressed Cancel). */
    default boolean cancelled() {
        return false;
    }
}
