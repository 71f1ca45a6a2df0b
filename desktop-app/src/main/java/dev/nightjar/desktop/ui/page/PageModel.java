package dev.nightjar.desktop.ui.page;

import dev.nightjar.desktop.capture.TimeWindow;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;

/**
 * What the workbench asks of every page's view model. The workbench holds its pages by
 * this contract alone: it tells each whether it is on screen, which time window the slider
 * chose, toggles the shown page's pause, and closes them all with the capture. Everything
 * else a page offers (rows, filters, zoom) its own view binds to directly.
 *
 * <p>A page keeps itself up to date with a {@link StoreRefresher}: builds from a store
 * snapshot off the UI thread, applies on it, none while hidden or paused.
 */
public interface PageModel extends AutoCloseable {

    /** Whether the page is on screen. A hidden page does no refresh work; shown again, it catches up at once. UI thread. */
    void setShown(boolean shown);

    /** Shows only what was recorded inside {@code window}; {@link TimeWindow#ALL} shows everything. UI thread. */
    void showWindow(TimeWindow window);

    /**
     * The page's pause/follow switch: paused, the page keeps showing what it showed while the
     * store goes on recording. Empty for a page without a Pause button.
     */
    default Optional<BooleanProperty> pause() {
        return Optional.empty();
    }

    /** Stops refreshing (the store is not closed: other pages may still read it). UI thread. */
    @Override
    void close();
}
