package dev.nightjar.desktop.ui.util;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.testing.UiTest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import javafx.scene.Scene;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A live table's selection while its rows change: JavaFX's selection model forgets a row that
 * is replaced by its newer value, and every row when the list is replaced whole (as
 * {@link KeyedRows} does for a large change), so the user's highlight vanished on a busy page.
 */
@UiTest
@ExtendWith(ApplicationExtension.class)
class KeptSelectionTest {

    record Row(int id, String text) {
    }

    private final KeyedRows<Row> keyed = new KeyedRows<>(Row::id);
    private TableView<Row> table;

    @Start
    void start(Stage stage) {
        table = new TableView<>();
        table.getColumns().add(Columns.text("Text", 100, Row::text));
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        Columns.sortable(table, keyed.rows(), Row::id);
        stage.setScene(new Scene(table, 300, 300));
        stage.show();
    }

    private static List<Row> rows(int from, int to, IntFunction<String> text) {
        List<Row> rows = new ArrayList<>();
        for (int i = from; i < to; i++) {
            rows.add(new Row(i, text.apply(i)));
        }
        return rows;
    }

    private void show(FxRobot robot, List<Row> rows) {
        robot.interact(() -> keyed.apply(keyed.diff(rows)));
    }

    private List<Integer> selectedIds() {
        return table.getSelectionModel().getSelectedItems().stream().map(Row::id).sorted().toList();
    }

    @Test
    void aSelectedRowWhoseValueChangesStaysSelectedWithItsNewValue(FxRobot robot) {
        show(robot, rows(0, 50, i -> "r" + i));
        robot.interact(() -> table.getSelectionModel().select(10));

        List<Row> next = rows(0, 50, i -> i == 10 || i == 20 ? "changed " + i : "r" + i);
        assertThat(keyed.diff(next).replaceAll()).as("a patch, not a replacement").isFalse();
        show(robot, next);

        assertThat(table.getSelectionModel().getSelectedItem()).isEqualTo(new Row(10, "changed 10"));
    }

    @Test
    void aReplacedListKeepsEverySelectedRowThatIsStillInItAndDropsTheOthers(FxRobot robot) {
        show(robot, rows(0, 50, i -> "r" + i));
        robot.interact(() -> {
            table.getSelectionModel().select(3);
            table.getSelectionModel().select(7);
            table.getSelectionModel().select(40);
        });

        List<Row> next = rows(5, 200, i -> "n" + i); // 3 leaves; most rows change
        assertThat(keyed.diff(next).replaceAll()).as("a replacement").isTrue();
        show(robot, next);

        assertThat(selectedIds()).containsExactly(7, 40);
        assertThat(table.getSelectionModel().getSelectedItems()).allSatisfy(r -> assertThat(r.text()).startsWith("n"));
    }

    @Test
    void whatTheUserSelectsAfterAChangeIsWhatIsKeptNext(FxRobot robot) {
        show(robot, rows(0, 50, i -> "r" + i));
        robot.interact(() -> table.getSelectionModel().select(10));
        show(robot, rows(0, 50, i -> "s" + i));
        robot.interact(() -> {
            table.getSelectionModel().clearSelection();
            table.getSelectionModel().select(30);
        });

        show(robot, rows(0, 50, i -> "t" + i));

        assertThat(selectedIds()).containsExactly(30);
    }
}
