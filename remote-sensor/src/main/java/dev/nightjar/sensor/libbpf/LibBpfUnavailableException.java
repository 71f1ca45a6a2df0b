package dev.nightjar.sensor.libbpf;

/** The system's libbpf could not be used at all (missing, too old, or a symbol missing). */
public final class LibBpfUnavailableException extends BpfException {

    private static final long serialVersionUID = 1L;

    LibBpfUnavailableException(String operation, String problem) {
        super(operation, 0, problem, "libbpf unavailable");
    }
}
