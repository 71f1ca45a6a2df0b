package dev.nightjar.desktop.ui.workbench;

/** What the session bar's badge says about where the data comes from. */
public enum ConnectionState {
    /** A bundle opened offline: nothing streams. */
    OFFLINE("OFFLINE", "badge-offline"),
    /** Still reaching the sensor: no event yet. */
    CONNECTING("CONNECTING", "badge-waiting"),
    /** Events arrive. */
    LIVE("LIVE", "badge-live"),
    /** The stream broke and another attempt is scheduled. */
    RECONNECTING("RECONNECTING", "badge-waiting"),
    /** Retrying cannot help (a refused token, not a sensor): the connection line says why. */
    FAILED("FAILED", "badge-failed"),
    /** The user pressed Stop: what was captured stays open. */
    STOPPED("STOPPED", "badge-offline");

    private final String badge;
    private final String styleClass;

    ConnectionState(String badge, String styleClass) {
        this.badge = badge;
        this.styleClass = styleClass;
    }

    public String badge() {
        return badge;
    }

    public String styleClass() {
        return styleClass;
    }

    /**
     * One badge for several sensors: live while any streams (the connection line names the
     * others), otherwise the most hopeful of the rest — connecting or reconnecting before failed.
     */
    static ConnectionState of(java.util.Collection<ConnectionState> states) {
        if (states.isEmpty()) {
            return CONNECTING;
        }
        for (ConnectionState s : new ConnectionState[] {LIVE, CONNECTING, RECONNECTING, FAILED, STOPPED}) {
            if (states.contains(s)) {
                return s;
            }
        }
        return OFFLINE;
    }
}
