package dev.nightjar.desktop.bundle;

/** Told how far an export has got; called on the exporting thread, so it must be cheap. */
@FunctionalInterface
public interface ExportProgress {

    ExportProgress NONE = (written, total) -> { };

    /** @param written events written so far; @param total events the export will write */
    void update(long written, long total);
}
