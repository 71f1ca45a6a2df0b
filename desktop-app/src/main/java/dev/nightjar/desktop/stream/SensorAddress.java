package dev.nightjar.desktop.stream;

/** Where to reach a sensor right now: a local port-forward or a host:port the user typed. */
public record SensorAddress(String host, int port) {

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
