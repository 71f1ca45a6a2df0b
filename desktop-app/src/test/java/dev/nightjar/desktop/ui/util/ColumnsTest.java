package dev.nightjar.desktop.ui.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import dev.nightjar.testing.UiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Columns, sizing, sorting and copying in a real table (headless Monocle in the build). */
@UiTest
@ExtendWith(ApplicationExtension.class)
class ColumnsTest {

    private record Flow(int id, String source, long bytes) {
    }

    private static final String LONG_SOURCE = "shop/frontend-7d9c8b6f5-x2k4q:48213";
    private final KeyedRows<Flow> rows = new KeyedRows<>(Flow::id);
    private TableView<Flow> table;
    private TableColumn<Flow, String> source;

    @Start
    void start(Stage stage) {
        table = new TableView<>();
        table.setId("t");
        source = Columns.text("Source", 60, Flow::source);
        table.getColumns().addAll(List.of(source, Columns.number("Bytes", 80, Flow::bytes, Long::toString)));
        Columns.sortable(table, rows.rows());
        TableCopy.install(table);
        stage.setScene(new Scene(new StackPane(table), 600, 300));
        stage.show();
    }

    private void show(List<Flow> next) {
        WaitForAsyncUtils.asyncFx(() -> rows.apply(rows.diff(next)));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aCellTooNarrowForItsTextHasTheWholeTextAsItsTooltip(FxRobot robot) {
        show(List.of(new Flow(1, LONG_SOURCE, 10), new Flow(2, "a:1", 20)));
        TruncatedCell<?, ?> cut = robot.lookup(".table-cell").queryAllAs(TruncatedCell.class).stream()
                .filter(c -> LONG_SOURCE.equals(c.getText())).findFirst().orElseThrow();
        assertThat(cut.isTruncated()).isTrue();
        assertThat(cut.getTooltip().getText()).isEqualTo(LONG_SOURCE);
        TruncatedCell<?, ?> whole = robot.lookup(".table-cell").queryAllAs(TruncatedCell.class).stream()
                .filter(c -> "a:1".equals(c.getText())).findFirst().orElseThrow();
        assertThat(whole.isTruncated()).isFalse();
        assertThat(whole.getTooltip()).isNull();
    }

    /**
     * A live table changes every visible cell's text on each refresh; the cell's children must
     * stay as they are meanwhile (JavaFX's own skin sets them again on every text change, which
     * makes the cell re-examine its children and their CSS), and the cell still shows the new
     * text, cut with its tooltip where it does not fit.
     */
    @Test
    void aCellsChildrenStayAsTheyAreWhileItsTextChanges(FxRobot robot) {
        show(List.of(new Flow(1, "a:1", 10)));
        TruncatedCell<?, ?> cell = robot.lookup(".table-cell").queryAllAs(TruncatedCell.class).stream()
                .filter(c -> "a:1".equals(c.getText())).findFirst().orElseThrow();
        Text text = (Text) cell.getChildrenUnmodifiable().stream().filter(Text.class::isInstance).findFirst().orElseThrow();
        int[] childrenChanges = {0};
        robot.interact(() -> cell.getChildrenUnmodifiable().addListener(
                (javafx.collections.ListChangeListener<javafx.scene.Node>) c -> childrenChanges[0]++));
        for (int i = 2; i <= 20; i++) {
            show(List.of(new Flow(1, "a:" + i, 10)));
        }
        show(List.of(new Flow(1, LONG_SOURCE, 10)));
        assertThat(childrenChanges[0]).as("changes to the cell's children").isZero();
        assertThat(cell.getText()).isEqualTo(LONG_SOURCE);
        assertThat(cell.getChildrenUnmodifiable()).containsExactly(text);
        assertThat(text.getText()).as("drawn cut").startsWith("shop/").isNotEqualTo(LONG_SOURCE);
        assertThat(cell.isTruncated()).isTrue();
    }

    @Test
    void sizingToContentMakesTheColumnWideEnoughForItsText(FxRobot robot) {
        show(List.of(new Flow(1, LONG_SOURCE, 10)));
        robot.interact(() -> ColumnSizer.fit(table));
        WaitForAsyncUtils.waitForFxEvents();
        double textWidth = new Text(LONG_SOURCE).getLayoutBounds().getWidth();
        assertThat(source.getWidth()).isGreaterThan(textWidth);
        TruncatedCell<?, ?> cell = robot.lookup(".table-cell").queryAllAs(TruncatedCell.class).stream()
                .filter(c -> LONG_SOURCE.equals(c.getText())).findFirst().orElseThrow();
        assertThat(cell.isTruncated()).as("the port is no longer cut off").isFalse();
    }

    @Test
    void theUsersSortHoldsWhenRowsChangeAndNumbersSortAsNumbers(FxRobot robot) {
        show(List.of(new Flow(1, "a", 9), new Flow(2, "b", 10), new Flow(3, "c", 100)));
        TableColumn<Flow, ?> bytes = table.getColumns().get(1);
        robot.interact(() -> {
            bytes.setSortType(TableColumn.SortType.DESCENDING);
            table.getSortOrder().setAll(List.of(bytes));
        });
        assertThat(table.getItems()).extracting(Flow::bytes).as("by number, not by text").containsExactly(100L, 10L, 9L);

        // New data (a refresh, the replay slider, Play): rows change, the sort stays.
        show(List.of(new Flow(1, "a", 1_000), new Flow(2, "b", 10), new Flow(3, "c", 100), new Flow(4, "d", 50)));
        assertThat(table.getItems()).extracting(Flow::bytes).containsExactly(1_000L, 100L, 50L, 10L);
        assertThat(table.getSortOrder()).containsExactly(bytes);
    }

    @Test
    void ctrlCCopiesTheSelectedRowsAsText(FxRobot robot) throws Exception {
        show(List.of(new Flow(1, "a:1", 5), new Flow(2, "b:2", 6)));
        robot.clickOn(robot.lookup(".table-cell").queryAllAs(TruncatedCell.class).stream()
                .filter(c -> "a:1".equals(c.getText())).findFirst().orElseThrow(), javafx.scene.input.MouseButton.PRIMARY);
        robot.interact(() -> table.getSelectionModel().selectAll());
        robot.press(KeyCode.CONTROL).press(KeyCode.C).release(KeyCode.C).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> {
            String[] text = new String[1];
            WaitForAsyncUtils.asyncFx(() -> text[0] = Clipboard.getSystemClipboard().getString()).get();
            return text[0] != null && text[0].contains("b:2");
        });
        String[] copied = new String[1];
        WaitForAsyncUtils.asyncFx(() -> copied[0] = Clipboard.getSystemClipboard().getString()).get();
        assertThat(copied[0].lines()).containsExactly("Source\tBytes", "a:1\t5", "b:2\t6");
    }

    @Test
    void textOfAColumnIsWhatItsCellsShow() {
        ObservableList<Flow> list = FXCollections.observableArrayList(new Flow(1, "x", 1_234));
        TableView<Flow> t = new TableView<>(list);
        TableColumn<Flow, Long> c = Columns.number("Bytes", 50, Flow::bytes, n -> n + " B");
        t.getColumns().add(c);
        assertThat(Columns.textOf(c, list.getFirst())).isEqualTo("1234 B");
    }
}
