package dev.nightjar.desktop.stream;

/** Where to reach a sensor right now: a local port-forward or a host:port the user typed. */
public record SensorAddress(String host, int port) {

    /**
     * Reads {@code host:port}, {@code [v6]:port} or {@code :port} (loopback).
     *
     * @throws IllegalArgumentException with a message fit to show
     */
    public static SensorAddress parse(String text) {
        String t = text == null ? "" : text.strip();
        int colon = t.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + t + "' has no port; write host:port, e.g. 127.0.0.1:7700");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("put an IPv6 address in brackets, e.g. [::1]:7700");
        }
        if (host.isEmpty()) {
            host = "127.0.0.1";
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + t.substring(colon + 1) + "' is not a port number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range (1-65535)");
        }
        return new SensorAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
