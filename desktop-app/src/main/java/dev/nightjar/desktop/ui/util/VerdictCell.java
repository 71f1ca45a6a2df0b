package dev.nightjar.desktop.ui.util;

import java.util.function.Function;
import javafx.css.PseudoClass;

/**
 * A cell that says how something went, coloured by it: pseudo-classes {@code :verdict-failed},
 * {@code :verdict-open} and {@code :verdict-ok} (a flow's verdict, a request's status).
 * Pseudo-classes rather than style classes because a visible row's cells are updated on every
 * refresh of a live table: a style-class change makes JavaFX rebuild the cell's whole CSS (a new
 * style helper per cell), a pseudo-class change only re-matches states (the frame-time profile
 * in docs/PERFORMANCE.md).
 */
public final class VerdictCell<R, V> extends TruncatedCell<R, V> {

    public static final PseudoClass FAILED = PseudoClass.getPseudoClass("verdict-failed");
    public static final PseudoClass OPEN = PseudoClass.getPseudoClass("verdict-open");
    public static final PseudoClass OK = PseudoClass.getPseudoClass("verdict-ok");

    private final Function<V, PseudoClass> state;

    /** {@code state} gives one of {@link #FAILED}, {@link #OPEN}, {@link #OK}, or null for no colour. */
    public VerdictCell(Function<V, String> format, Function<V, PseudoClass> state) {
        super(format);
        this.state = state;
    }

    @Override
    protected void updateItem(V value, boolean empty) {
        super.updateItem(value, empty);
        PseudoClass now = empty || value == null ? null : state.apply(value);
        pseudoClassStateChanged(FAILED, now == FAILED);
        pseudoClassStateChanged(OPEN, now == OPEN);
        pseudoClassStateChanged(OK, now == OK);
    }
}
