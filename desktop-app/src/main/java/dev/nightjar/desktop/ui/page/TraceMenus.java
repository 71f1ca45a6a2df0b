package dev.nightjar.desktop.ui.page;

import dev.nightjar.desktop.targets.TargetsByNode;
import dev.nightjar.desktop.targets.TaskChoice;
import dev.nightjar.desktop.targets.Traceable;
import dev.nightjar.desktop.ui.util.MenuItems;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableView;
import javafx.scene.input.ContextMenuEvent;
import javafx.stage.WindowEvent;

/**
 * The context-menu items of a row that names a process or pods: "Trace syscalls of …" and
 * "Profile only …". Every page builds them here, so they read and work alike. None when the
 * session is not live.
 */
public final class TraceMenus {

    /** Marks the items this class adds, so a table's own items stay when they are rebuilt. */
    private static final String TRACE_ITEM = "trace-menu-item";
    private static final Object MENU_KEY = TraceMenus.class;

    private TraceMenus() {
    }

    /**
     * Adds the trace items for the selected row to {@code table}'s context menu (its own items,
     * if it has a menu, stay first), worked out each time the menu opens.
     *
     * @param processes the processes the row names (a flow's client and server), in the order to offer them
     * @param pods      the pods ("namespace/name") the row names, in the order to offer them
     */
    public static <T> void install(TableView<T> table, TraceActions actions, Function<T, List<TaskChoice>> processes,
                                   Function<T, List<String>> pods) {
        ContextMenu menu = table.getContextMenu() != null ? table.getContextMenu() : new ContextMenu();
        // A menu without items never shows (nor says it is showing): keep one until it is rebuilt.
        menu.getItems().addAll(forRow(actions, List.of(), menu.getItems().isEmpty()));
        menu.addEventHandler(WindowEvent.WINDOW_SHOWING, e -> {
            menu.getItems().removeIf(item -> item.getStyleClass().contains(TRACE_ITEM));
            T row = table.getSelectionModel().getSelectedItem();
            List<MenuItem> items = row == null ? List.of() : items(actions, processes.apply(row), pods.apply(row));
            menu.getItems().addAll(forRow(actions, items, menu.getItems().isEmpty()));
        });
        table.setContextMenu(menu);
    }

    /**
     * A trace menu on a single control that is not a table row (an Overview card's top talker,
     * the flame graph's canvas): on a right-click, {@code named} says what is under the pointer.
     * Nothing traceable there: no menu at all. Offline, the same disabled line as a table's.
     */
    public static void installOn(Node owner, TraceActions actions, Function<ContextMenuEvent, Traceable> named) {
        ContextMenu menu = new ContextMenu();
        owner.getProperties().put(MENU_KEY, menu);
        owner.setOnContextMenuRequested(e -> {
            menu.hide();
            Traceable under = named.apply(e);
            if (under.isEmpty()) {
                return;
            }
            e.consume();
            menu.getItems().setAll(forRow(actions, items(actions, under.processes(), under.pods()), true));
            menu.show(owner, e.getScreenX(), e.getScreenY());
        });
    }

    /** The menu {@link #installOn} put on {@code owner}, for tests that pick an item. */
    public static Optional<ContextMenu> menuOf(Node owner) {
        return Optional.ofNullable((ContextMenu) owner.getProperties().get(MENU_KEY));
    }

    /** The trace items as the menu shows them: after a separator, or a disabled line saying why there are none. */
    private static List<MenuItem> forRow(TraceActions actions, List<MenuItem> items, boolean menuEmpty) {
        List<MenuItem> shown = new ArrayList<>();
        if (items.isEmpty() && menuEmpty) {
            MenuItem nothing = new MenuItem(actions.live() ? "Nothing to trace in this row"
                    : "What is traced can be chosen in a live session");
            nothing.setDisable(true);
            shown.add(nothing);
        } else if (!items.isEmpty() && !menuEmpty) {
            shown.add(new SeparatorMenuItem());
        }
        shown.addAll(items);
        shown.forEach(item -> item.getStyleClass().add(TRACE_ITEM));
        return shown;
    }

    /**
     * @param processes the processes the row names
     * @param pods      the pods ("namespace/name") the row names
     */
    public static List<MenuItem> items(TraceActions actions, List<TaskChoice> processes, List<String> pods) {
        List<MenuItem> items = new ArrayList<>();
        if (!actions.live()) {
            return items;
        }
        TargetsByNode current = actions.current();
        List<TaskChoice> profiles = new ArrayList<>();
        for (TaskChoice process : new LinkedHashSet<>(processes)) {
            items.add(MenuItems.of("trace-process", "Trace syscalls of " + current.name(process),
                    "mdi2t-timeline-clock-outline", () -> actions.traceSyscalls(process)));
            profiles.add(process);
        }
        for (String pod : new LinkedHashSet<>(pods)) {
            if (pod == null || pod.isEmpty()) {
                continue;
            }
            Optional<TaskChoice> choice = actions.pod(pod);
            if (choice.isPresent()) {
                items.add(MenuItems.of("trace-pod", "Trace syscalls of " + current.name(choice.get()),
                        "mdi2t-timeline-clock-outline", () -> actions.traceSyscalls(choice.get())));
                profiles.add(choice.get());
            } else {
                MenuItem unknown = new MenuItem("Trace syscalls of pod " + pod + " (none of its processes seen on a"
                        + " captured node)");
                unknown.setDisable(true);
                items.add(unknown);
            }
        }
        for (TaskChoice profile : profiles) {
            items.add(MenuItems.of("profile-only", "Profile only " + current.name(profile), "mdi2f-fire",
                    () -> actions.profileOnly(profile)));
        }
        for (String node : current.narrowedProfiles()) {
            TaskChoice whole = TaskChoice.wholeNode(node);
            items.add(MenuItems.of("profile-whole-node", "Profile " + current.name(whole) + " again", "mdi2f-fire",
                    () -> actions.profileOnly(whole)));
        }
        return items;
    }
}
