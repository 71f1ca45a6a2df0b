package dev.nightjar.desktop.ui.workbench;

import dev.nightjar.desktop.capture.TimeWindow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.util.Duration;
import javafx.util.StringConverter;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The replay bar under the session bar: a slider over the capture's time range, play/pause,
 * speed (1x/10x/100x), and what the views show (a window of a chosen width ending at the
 * cursor, or everything up to it). Left/Right step the cursor. An FX Timeline drives
 * playback; the {@link ReplayCursor} does the arithmetic.
 */
public final class TimeSlider extends HBox {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final long SECOND = 1_000_000_000L;
    private static final long[] WIDTHS = {SECOND, 10 * SECOND, 60 * SECOND, 300 * SECOND};
    private static final Duration FRAME = Duration.millis(50);

    private final ReplayCursor cursor;
    private final Consumer<TimeWindow> show;
    private final Slider slider = new Slider(0, 1, 1);
    private final Label time = new Label();
    private final Button play = new Button();
    private final Timeline player;
    private boolean syncing;

    /** @param show receives the window to show each time it changes (UI thread) */
    public TimeSlider(ReplayCursor cursor, Consumer<TimeWindow> show) {
        super(8);
        this.cursor = cursor;
        this.show = show;
        setId("time-slider");
        getStyleClass().add("time-slider");
        setAlignment(Pos.CENTER_LEFT);
        setPadding(new Insets(4, 10, 4, 10));

        play.setId("replay-play");
        play.setOnAction(e -> togglePlay());
        ChoiceBox<Integer> speed = new ChoiceBox<>();
        speed.setId("replay-speed");
        speed.getItems().setAll(ReplayCursor.SPEEDS);
        speed.setValue(cursor.speed());
        speed.setConverter(converter(s -> s + "x"));
        speed.valueProperty().addListener((obs, old, s) -> cursor.setSpeed(s));

        ChoiceBox<Long> mode = new ChoiceBox<>();
        mode.setId("replay-mode");
        mode.getItems().add(0L);
        for (long w : WIDTHS) {
            mode.getItems().add(w);
        }
        mode.setConverter(converter(w -> w == 0 ? "everything up to" : "last " + (w >= 60 * SECOND ? w / (60 * SECOND) + " min" : w / SECOND + " s")));
        mode.setValue(cursor.mode() == ReplayCursor.Mode.UP_TO_CURSOR ? 0L : cursor.widthNs());
        mode.valueProperty().addListener((obs, old, w) -> {
            if (w == 0) {
                cursor.setMode(ReplayCursor.Mode.UP_TO_CURSOR);
            } else {
                cursor.setMode(ReplayCursor.Mode.WINDOW);
                cursor.setWidthNs(w);
            }
            publish();
        });

        slider.setId("replay-slider");
        slider.setFocusTraversable(true);
        HBox.setHgrow(slider, Priority.ALWAYS);
        slider.valueProperty().addListener((obs, old, v) -> {
            if (!syncing) {
                cursor.seekFraction(v.doubleValue());
                publish();
            }
        });
        time.setId("replay-time");
        time.setMinWidth(130);
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            switch (e.getCode()) {
                case LEFT -> step(-1);
                case RIGHT -> step(+1);
                default -> {
                    return;
                }
            }
            e.consume();
        });

        player = new Timeline(new KeyFrame(FRAME, e -> {
            if (cursor.tick(System.nanoTime())) {
                publish();
            }
            if (!cursor.isPlaying()) {
                stopPlayer();
            }
        }));
        player.setCycleCount(Timeline.INDEFINITE);
        sceneProperty().addListener((obs, old, scene) -> {
            if (scene == null) {
                stopPlayer();
            }
        });

        getChildren().addAll(play, speed, mode, slider, time);
        sync();
    }

    private void togglePlay() {
        if (cursor.isPlaying()) {
            cursor.pause();
            stopPlayer();
        } else {
            cursor.play(System.nanoTime());
            player.play();
            publish();
        }
        sync();
    }

    private void stopPlayer() {
        player.stop();
        sync();
    }

    private void step(int direction) {
        cursor.step(direction);
        publish();
    }

    /** Tells the views and brings the controls up to date. */
    private void publish() {
        show.accept(cursor.window());
        sync();
    }

    private void sync() {
        syncing = true;
        try {
            slider.setValue(cursor.fraction());
        } finally {
            syncing = false;
        }
        time.setText(TIME.format(Instant.ofEpochSecond(0, cursor.cursorNs())));
        boolean playing = cursor.isPlaying();
        play.setGraphic(new FontIcon(playing ? "mdi2p-pause" : "mdi2p-play"));
        play.setText(playing ? "Pause" : "Play");
    }

    private static <T> StringConverter<T> converter(java.util.function.Function<T, String> toText) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : toText.apply(value);
            }

            @Override
            public T fromString(String text) {
                throw new UnsupportedOperationException("choice boxes do not parse");
            }
        };
    }
}
