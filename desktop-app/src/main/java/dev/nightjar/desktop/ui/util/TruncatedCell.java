package dev.nightjar.desktop.ui.util;

import java.util.function.Function;
import javafx.scene.Node;
import javafx.scene.control.Skin;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;
import javafx.scene.text.Text;
import javafx.util.Duration;

/**
 * A table cell that shows its value as text and, when the column is too narrow and the
 * text ends in "…", the whole text as a tooltip. Whether it was cut is read from what the
 * cell actually drew after layout, so it holds for any font and column width.
 */
public class TruncatedCell<R, V> extends TableCell<R, V> {

    private final Function<V, String> format;
    private Tooltip tooltip;

    public TruncatedCell(Function<V, String> format) {
        this.format = format;
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new SteadyTextCellSkin<>(this);
    }

    @Override
    protected void updateItem(V value, boolean empty) {
        super.updateItem(value, empty);
        setText(empty || value == null ? null : format.apply(value));
    }

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        String full = getText();
        boolean cut = full != null && !full.isEmpty() && !full.equals(shownText());
        if (cut) {
            if (tooltip == null) {
                tooltip = new Tooltip();
                tooltip.setShowDelay(Duration.millis(300));
                tooltip.setWrapText(true);
                tooltip.setMaxWidth(640);
            }
            tooltip.setText(full);
            if (getTooltip() != tooltip) {
                setTooltip(tooltip);
            }
        } else if (getTooltip() != null) {
            setTooltip(null);
        }
    }

    /** The text the skin drew (with "…" when it did not fit), or null before the first layout. */
    private String shownText() {
        for (Node child : getChildrenUnmodifiable()) {
            if (child instanceof Text text) {
                return text.getText();
            }
        }
        return null;
    }

    /** Whether the text was cut at the last layout (the tooltip holds all of it). */
    public boolean isTruncated() {
        return getTooltip() != null;
    }
}
