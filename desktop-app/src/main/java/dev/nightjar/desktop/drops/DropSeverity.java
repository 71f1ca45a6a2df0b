package dev.nightjar.desktop.drops;

/** A hint for triage: whether a reason usually needs someone to act. */
public enum DropSeverity {
    /** Usually points at something to fix: a rule, a limit, a missing listener or route. */
    ACTIONABLE,
    /** Usually normal protocol life (retransmitted duplicates, teardown); look only when it correlates with a symptom. */
    USUALLY_BENIGN
}
