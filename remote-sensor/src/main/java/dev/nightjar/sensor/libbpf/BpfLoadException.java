package dev.nightjar.sensor.libbpf;

/** The kernel refused to load an object: the verifier's log says why. */
public final class BpfLoadException extends BpfException {

    private static final long serialVersionUID = 1L;

    private final String objectName;
    private final String verifierLog;

    BpfLoadException(String objectName, String operation, int errno, String errorText, String verifierLog) {
        super(operation, errno, errorText, "cannot load eBPF object '" + objectName + "'"
                + (verifierLog.isBlank() ? "" : "; verifier log ends with: " + lastLines(verifierLog, 3)));
        this.objectName = objectName;
        this.verifierLog = verifierLog;
    }

    public String objectName() {
        return objectName;
    }

    /** The kernel's log of the failed load (the verifier's for a program), or empty. */
    public String verifierLog() {
        return verifierLog;
    }

    private static String lastLines(String log, int count) {
        String[] lines = log.strip().split("\n");
        int from = Math.max(0, lines.length - count);
        return String.join(" | ", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }
}
