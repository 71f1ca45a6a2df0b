package dev.nightjar.sensor.btf;

/** BTF data could not be read or is not what the BTF format says. */
public final class BtfFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BtfFormatException(String message) {
        super(message);
    }

    public BtfFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
