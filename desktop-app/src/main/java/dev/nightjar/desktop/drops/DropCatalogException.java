package dev.nightjar.desktop.drops;

/** The drop-reason catalogue could not be read or is not valid; the message says where and why. */
public final class DropCatalogException extends RuntimeException {

    public DropCatalogException(String message) {
        super(message);
    }

    public DropCatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
