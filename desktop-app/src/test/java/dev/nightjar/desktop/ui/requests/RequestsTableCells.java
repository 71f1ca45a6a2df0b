package dev.nightjar.desktop.ui.requests;

import dev.nightjar.desktop.ui.util.VerdictCell;
import java.util.List;
import javafx.scene.control.TableCell;
import org.testfx.api.FxRobot;

/** What the Requests table shows, for the pages' TestFX tests. */
final class RequestsTableCells {

    private RequestsTableCells() {
    }

    /**
     * The shown status cells in the failed state (a pseudo-class: lookups match style classes only;
     * the table also keeps spare cells out of sight, which are not counted).
     */
    static List<TableCell<?, ?>> failed(FxRobot robot) {
        return robot.lookup("#requests-table .table-cell").queryAllAs(TableCell.class).stream()
                .<TableCell<?, ?>>map(c -> c)
                .filter(c -> !c.isEmpty() && c.isVisible() && c.getTableRow() != null && c.getTableRow().isVisible()
                        && !c.getTableRow().isEmpty())
                .filter(c -> c.getPseudoClassStates().contains(VerdictCell.FAILED)).toList();
    }
}
