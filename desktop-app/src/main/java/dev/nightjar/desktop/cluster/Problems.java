package dev.nightjar.desktop.cluster;

/** Helpers for turning exceptions into one readable line (never a stack trace). */
final class Problems {

    private static final int MAX_LENGTH = 400;

    private Problems() {
    }

    /** The message of the deepest cause that has one, first lines only. */
    static String rootMessage(Throwable t) {
        String message = null;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                message = c.getMessage();
            }
        }
        if (message == null) {
            return t.getClass().getSimpleName();
        }
        String oneLine = message.strip().replaceAll("\\s*\\n\\s*", " ");
        return oneLine.length() <= MAX_LENGTH ? oneLine : oneLine.substring(0, MAX_LENGTH) + "…";
    }
}
