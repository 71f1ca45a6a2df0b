package dev.nightjar.desktop.flows;

/** A filter expression that does not parse; the message says where and what is expected. */
public final class FilterSyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int position;

    public FilterSyntaxException(String message, int position) {
        super(message);
        this.position = position;
    }

    /** Zero-based character offset of the problem in the expression. */
    public int position() {
        return position;
    }
}
