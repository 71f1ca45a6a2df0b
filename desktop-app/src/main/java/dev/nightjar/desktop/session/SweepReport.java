package dev.nightjar.desktop.session;

import java.util.List;

/**
 * What an orphan sweep found and did.
 *
 * @param removed objects deleted, each with the reason ("pod nightjar/… (lease expired 2026-…)")
 * @param keptLive objects of sessions whose lease is still running
 * @param failures objects that should have been removed but could not be, with why
 */
public record SweepReport(List<String> removed, List<String> keptLive, List<String> failures) {

    public SweepReport {
        removed = List.copyOf(removed);
        keptLive = List.copyOf(keptLive);
        failures = List.copyOf(failures);
    }

    public boolean foundNothing() {
        return removed.isEmpty() && failures.isEmpty();
    }
}
