package dev.nightjar.sensor.libbpf;

/** A map operation failed for a reason other than "no such key". */
public final class BpfMapException extends BpfException {

    private static final long serialVersionUID = 1L;

    private final String mapName;

    BpfMapException(String mapName, String operation, int errno, String errorText) {
        super(operation, errno, errorText, "eBPF map '" + mapName + "'");
        this.mapName = mapName;
    }

    public String mapName() {
        return mapName;
    }
}
