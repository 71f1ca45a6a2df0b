package dev.nightjar.desktop.ui.workbench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/**
 * The workbench's keyboard shortcuts, in one place so the About box lists exactly what the
 * keys do ({@link #HELP}). Escape in a filter box and Ctrl+C in a table belong to those
 * controls (see {@code ui.util.SearchBoxes} and {@code ui.util.TableCopy}).
 */
public final class Shortcuts {

    /** Key and what it does, for the About/help box. */
    public static final Map<String, String> HELP = help();

    private static final String INSTALLED = "nightjar.workbench.shortcuts";

    private Shortcuts() {
    }

    private static Map<String, String> help() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("Ctrl+F", "focus the page's filter or search box");
        keys.put("Escape", "clear the filter or search box");
        keys.put("Ctrl+C", "copy the selected table rows as text");
        keys.put("Ctrl+digit", java.util.Arrays.stream(WorkbenchPage.values())
                .map(p -> p.title() + " (" + p.digit() + ")").collect(java.util.stream.Collectors.joining(", ")));
        keys.put("Ctrl+Tab", "next page");
        keys.put("Ctrl+P", "pause or follow the page shown");
        keys.put("Ctrl+plus, Ctrl+minus", "zoom the service map in or out (Ctrl+scroll too)");
        keys.put("Ctrl+O", "open a capture bundle");
        keys.put("Ctrl+Shift+L", "light or dark theme");
        keys.put("F1", "this box");
        return java.util.Collections.unmodifiableMap(keys);
    }

    /** Puts the workbench's accelerators on the scene (and remembers them, so they can be taken off). */
    static void install(Scene scene, WorkbenchViewModel vm, Runnable focusSearch) {
        List<KeyCombination> added = new ArrayList<>();
        put(scene, added, new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), focusSearch);
        put(scene, added, new KeyCodeCombination(KeyCode.TAB, KeyCombination.CONTROL_DOWN), vm::nextPage);
        put(scene, added, new KeyCodeCombination(KeyCode.P, KeyCombination.SHORTCUT_DOWN), vm::togglePause);
        for (WorkbenchPage page : WorkbenchPage.values()) {
            put(scene, added, new KeyCodeCombination(KeyCode.valueOf("DIGIT" + page.digit()), KeyCombination.SHORTCUT_DOWN),
                    () -> vm.pageProperty().set(page));
        }
        scene.getProperties().put(INSTALLED, added);
    }

    /** Takes off what {@link #install} put on (the workbench left the scene). */
    @SuppressWarnings("unchecked")
    static void remove(Scene scene) {
        Object added = scene.getProperties().remove(INSTALLED);
        if (added instanceof List<?> list) {
            ((List<KeyCombination>) list).forEach(scene.getAccelerators()::remove);
        }
    }

    private static void put(Scene scene, List<KeyCombination> added, KeyCombination keys, Runnable action) {
        scene.getAccelerators().put(keys, action);
        added.add(keys);
    }
}
