package dev.nightjar.sensor.libbpf;

/**
 * A libbpf or kernel call failed. Carries the failed operation (the C function
 * name), the errno and its text, so a message can say what happened and what to
 * do without a stack trace.
 */
public abstract sealed class BpfException extends RuntimeException
        permits BpfLoadException, BpfAttachException, BpfMapException, BpfObjectException,
                LibBpfUnavailableException {

    private static final long serialVersionUID = 1L;

    private final String operation;
    private final int errno;
    private final String errorText;

    BpfException(String operation, int errno, String errorText, String detail) {
        super(detail + ": " + operation + " failed: " + errorText + " (errno " + errno + ")");
        this.operation = operation;
        this.errno = errno;
        this.errorText = errorText;
    }

    /** The libbpf or libc function that failed, e.g. {@code bpf_object__load}. */
    public String operation() {
        return operation;
    }

    /** The positive errno value (libbpf's own codes are 4000 and above). */
    public int errno() {
        return errno;
    }

    /** The errno's text, from {@code libbpf_strerror}. */
    public String errorText() {
        return errorText;
    }
}
