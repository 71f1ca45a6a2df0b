package dev.nightjar.desktop.ui.util;

import javafx.scene.control.ContentDisplay;
import javafx.scene.control.TableCell;
import javafx.scene.control.skin.TableCellSkin;
import javafx.scene.text.Text;

/**
 * The standard table cell skin, except that a change of the cell's text leaves its children
 * alone. JavaFX's skin answers every text change with {@code getChildren().setAll(text)}: the
 * same one node, but a change event all the same, on which the cell takes the node out and puts
 * it back (parent, structural pseudo-classes, geometry, a layout request). A live table changes
 * the text of every visible cell on each refresh, so this ran for hundreds of cells per frame
 * (the Flows profile in docs/PERFORMANCE.md). When the cell shows only its text, the children
 * already are exactly that node, so there is nothing to update.
 */
public class SteadyTextCellSkin<S, T> extends TableCellSkin<S, T> {

    public SteadyTextCellSkin(TableCell<S, T> cell) {
        super(cell);
    }

    @Override
    protected void updateChildren() {
        TableCell<S, T> cell = getSkinnable();
        boolean textOnlyAsBefore = cell != null && cell.getGraphic() == null
                && cell.getContentDisplay() != ContentDisplay.GRAPHIC_ONLY
                && getChildren().size() == 1 && getChildren().getFirst() instanceof Text;
        if (!textOnlyAsBefore) {
            super.updateChildren();
        }
    }
}
