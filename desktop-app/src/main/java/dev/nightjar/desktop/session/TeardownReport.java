package dev.nightjar.desktop.session;

import java.util.List;

/**
 * What a teardown did.
 *
 * @param removed   objects confirmed gone ("pod nightjar/…", "secret nightjar/…", "namespace nightjar")
 * @param leftovers objects still present when the deadline ran out, or that could not be deleted, with why
 * @param notes     things worth saying that are not failures ("namespace nightjar kept: it holds other pods")
 * @param commands  the exact {@code kubectl delete} commands that remove the leftovers by hand
 */
public record TeardownReport(List<String> removed, List<Leftover> leftovers, List<String> notes,
                             List<String> commands) {

    public TeardownReport {
        removed = List.copyOf(removed);
        leftovers = List.copyOf(leftovers);
        notes = List.copyOf(notes);
        commands = List.copyOf(commands);
    }

    /** A report with left-behind objects in words only (no commands): for sources that create nothing. */
    public TeardownReport(List<String> removed, List<String> leftBehind, List<String> notes) {
        this(removed, leftBehind.stream().map(l -> new Leftover("object", "", l, "left behind", false)).toList(),
                notes, List.of());
    }

    /** Everything Nightjar created for the session is confirmed gone. */
    public boolean complete() {
        return leftovers.isEmpty();
    }

    /** Each leftover in words, as the status line shows them. */
    public List<String> leftBehind() {
        return leftovers.stream().map(l -> l.kind().equals("object") ? l.name() : l.describe()).toList();
    }
}
