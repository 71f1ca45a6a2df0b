package dev.nightjar.desktop.ui.flows;

import dev.nightjar.desktop.ui.util.TruncatedCell;
import java.util.function.Function;
import javafx.css.PseudoClass;

/**
 * A verdict, coloured by what it says: pseudo-classes {@code :verdict-failed}, {@code :verdict-open}
 * and {@code :verdict-ok}. Pseudo-classes rather than style classes because a visible row's cells
 * are updated on every refresh of a live table: a style-class change makes JavaFX rebuild the
 * cell's whole CSS (a new style helper per cell), a pseudo-class change only re-matches states
 * (the frame-time profile in docs/PERFORMANCE.md).
 */
final class VerdictCell<R> extends TruncatedCell<R, String> {

    static final PseudoClass FAILED = PseudoClass.getPseudoClass("verdict-failed");
    static final PseudoClass OPEN = PseudoClass.getPseudoClass("verdict-open");
    static final PseudoClass OK = PseudoClass.getPseudoClass("verdict-ok");

    VerdictCell() {
        super(Function.identity());
    }

    @Override
    protected void updateItem(String verdict, boolean empty) {
        super.updateItem(verdict, empty);
        PseudoClass state = empty || verdict == null || verdict.isEmpty() ? null : stateOf(verdict);
        pseudoClassStateChanged(FAILED, state == FAILED);
        pseudoClassStateChanged(OPEN, state == OPEN);
        pseudoClassStateChanged(OK, state == OK);
    }

    static PseudoClass stateOf(String verdict) {
        if (verdict.startsWith("DROPPED") || verdict.startsWith("REFUSED") || verdict.startsWith("TIMED_OUT")
                || verdict.startsWith("RESET") || verdict.startsWith("UNREACHABLE")) {
            return FAILED;
        }
        return verdict.startsWith("ESTABLISHED") || verdict.startsWith("CONNECTING") ? OPEN : OK;
    }
}
