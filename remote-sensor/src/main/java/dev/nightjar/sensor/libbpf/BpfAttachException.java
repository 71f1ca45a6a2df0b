package dev.nightjar.sensor.libbpf;

/** A loaded program could not be attached to its hook. */
public final class BpfAttachException extends BpfException {

    private static final long serialVersionUID = 1L;

    private final String programName;

    BpfAttachException(String programName, String operation, int errno, String errorText, String detail) {
        super(operation, errno, errorText, "cannot attach eBPF program '" + programName + "'" + detail);
        this.programName = programName;
    }

    public String programName() {
        return programName;
    }
}
