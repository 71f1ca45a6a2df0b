package dev.nightjar.desktop.ui.workbench;

/** What feeds a live workbench: a sensor stream, or sensors deployed in a cluster. */
@FunctionalInterface
public interface LiveSource {

    /**
     * Stops feeding the store and cleans up (for a cluster session: removes the
     * sensors). Blocking; call it off the UI thread.
     *
     * @return what was done, in words, for the status line
     */
    String stop() throws Exception;
}
