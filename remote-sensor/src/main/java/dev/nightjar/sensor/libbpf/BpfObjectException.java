package dev.nightjar.sensor.libbpf;

/** Opening an object, finding a program or map in it, or configuring a program failed. */
public final class BpfObjectException extends BpfException {

    private static final long serialVersionUID = 1L;

    BpfObjectException(String operation, int errno, String errorText, String detail) {
        super(operation, errno, errorText, detail);
    }
}
