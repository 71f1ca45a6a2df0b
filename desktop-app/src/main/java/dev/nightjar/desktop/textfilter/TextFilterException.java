package dev.nightjar.desktop.textfilter;

/** A filter the user typed cannot be read: what is wrong, and where (0-based character). */
public final class TextFilterException extends Exception {

    private final int position;

    public TextFilterException(String message, int position) {
        super(message);
        this.position = position;
    }

    public int position() {
        return position;
    }

    /** The message with the 1-based character a person counts to. */
    public String describe() {
        return getMessage() + " (at character " + (position + 1) + ")";
    }
}
