package dev.nightjar.desktop.session;

import java.util.List;

/**
 * What a teardown did.
 *
 * @param removed objects confirmed gone ("pod nightjar/…", "secret nightjar/…", "namespace nightjar")
 * @param leftBehind objects still present when the timeout ran out, or that could not be deleted, with why
 * @param notes things worth saying that are not failures ("namespace nightjar kept: it holds other pods")
 */
public record TeardownReport(List<String> removed, List<String> leftBehind, List<String> notes) {

    public TeardownReport {
        removed = List.copyOf(removed);
        leftBehind = List.copyOf(leftBehind);
        notes = List.copyOf(notes);
    }

    /** Everything Nightjar created for the session is confirmed gone. */
    public boolean complete() {
        return leftBehind.isEmpty();
    }
}
